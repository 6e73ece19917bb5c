/** Crash-safe file and directory replacement: write under a temporary name, then rename. */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A fresh temporary path beside `path` (same directory, so the rename stays atomic). */
export function tempPathFor(path: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
}

/** Writes `data` to `path` so that readers see the old file or the whole new one. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/**
 * Fills a directory through `fill(tmpDir)` and then puts it at `path`, replacing what was
 * there. If the process dies while filling, `path` is untouched; the old directory is
 * moved aside before the new one takes its name and removed afterwards.
 */
export async function replaceDirAtomic(
  path: string,
  fill: (dir: string) => Promise<void>,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  try {
    await mkdir(tmp, { recursive: true });
    await fill(tmp);
    if (existsSync(path)) {
      const old = tempPathFor(path);
      await rename(path, old);
      await rename(tmp, path);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(tmp, path);
    }
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}
