/**
 * Whether a path lies inside the folder a data source reads every file of, so that a
 * program writing there (a training run's pictures) would change the data of its next run.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { DataSource } from '../data-source.js';

/** `path` with symbolic links of its existing part resolved (the rest appended as given). */
function realPath(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    const up = dirname(abs);
    return up === abs ? abs : join(realPath(up), basename(abs));
  }
}

/**
 * The folder of `spec` that `path` is (or lies inside), when `spec` reads every file under
 * its folder: an `images:` source reads every PNG of its folder and of all its subfolders.
 * `undefined` for sources that read named files only (`idx:`, `csv:`, MNIST) and for paths
 * outside the folder. Symbolic links are followed.
 *
 * @example
 * sourceFolderHolding({ kind: 'images', dir: 'photos' }, 'photos/run1'); // '/home/me/photos'
 */
export function sourceFolderHolding(spec: DataSource, path: string): string | undefined {
  if (spec.kind !== 'images') return undefined;
  const folder = realPath(spec.dir);
  const rel = relative(folder, realPath(path));
  const inside = rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
  return inside ? folder : undefined;
}
