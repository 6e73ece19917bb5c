/**
 * Data sources with their local paths made absolute, so a source written down in one
 * directory (a saved run, a checkpoint) means the same files when read from another.
 */

import { resolve } from 'node:path';
import type { DataSource } from '../data-source.js';

const isUrl = (path: string) => /^https?:\/\//.test(path);

/**
 * The same source with every local path resolved against the working directory;
 * `http(s)://` URLs and sources without a path are returned unchanged in meaning.
 *
 * @example
 * formatDataSource(resolveDataSource(parseDataSource('csv:data.csv'))); // 'csv:/home/me/data.csv'
 */
export function resolveDataSource(spec: DataSource): DataSource {
  const abs = (path: string) => (isUrl(path) ? path : resolve(path));
  switch (spec.kind) {
    case 'mnist':
    case 'shapes':
      return spec;
    case 'fashion-mnist':
      return spec.dir ? { kind: spec.kind, dir: abs(spec.dir) } : spec;
    case 'csv':
      return { kind: spec.kind, path: abs(spec.path) };
    case 'images':
      return { kind: spec.kind, dir: abs(spec.dir) };
    case 'idx':
      return { kind: spec.kind, source: abs(spec.source) };
  }
}
