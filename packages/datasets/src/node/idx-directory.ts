/**
 * Loading one split of an IDX dataset (MNIST layout) from a local directory: the
 * machinery shared by `loadMnist`, `loadFashionMnist` and `loadIdxDataset`.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../dataset.js';
import { DatasetError } from '../dataset-error.js';
import { datasetFromIdx } from '../idx-dataset.js';
import { readIdxFile } from './read-idx-file.js';

/** File names of the images and labels of one split. */
export interface IdxSplitFiles {
  /** Images file, e.g. 'train-images-idx3-ubyte'; `<name>.gz` is tried when absent. */
  readonly images: string;
  /**
   * Labels file, e.g. 'train-labels-idx1-ubyte'; `<name>.gz` is tried when absent.
   * `null` or absent: the split is unlabelled.
   */
  readonly labels?: string | null;
}

/** File names of the four standard IDX files of MNIST and Fashion-MNIST. */
export const MNIST_FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

/**
 * The names to try for a file: `name`, then `name.gz` (only `name` if it already ends
 * in '.gz').
 */
export function idxFileCandidates(name: string): string[] {
  return name.endsWith('.gz') ? [name] : [name, `${name}.gz`];
}

/** The first of `idxFileCandidates(name)` that exists in `dir`, or undefined. */
export function findOptionalIdxFile(dir: string, name: string): string | undefined {
  for (const candidate of idxFileCandidates(name)) {
    const path = join(dir, candidate);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/**
 * The path of `name` (or `name.gz`) in `dir`.
 *
 * @param what Dataset name for the message, e.g. 'MNIST'.
 * @param hint What to do when the file is missing, appended to the message.
 * @throws DatasetError `FILE_NOT_FOUND` naming every path tried.
 */
export function findIdxFile(dir: string, name: string, what: string, hint: string): string {
  const found = findOptionalIdxFile(dir, name);
  if (found !== undefined) return found;
  const tried = idxFileCandidates(name).map((candidate) => join(dir, candidate));
  const list =
    tried.length === 1 ? `${tried[0]} does not exist` : `neither ${tried.join(' nor ')} exists`;
  throw new DatasetError('FILE_NOT_FOUND', `${what} file not found: ${list}. ${hint}`);
}

/** Options of {@link loadIdxDirectory}. */
export interface IdxDirectoryOptions {
  /** Directory holding the files. */
  readonly dir: string;
  /** Names of the images and labels files of the split. */
  readonly files: IdxSplitFiles;
  /** Name of the dataset, e.g. 'fashion-mnist-train'. */
  readonly name: string;
  /** Dataset name used in "file not found" messages, e.g. 'Fashion-MNIST'. */
  readonly what: string;
  /** What to do when a file is missing, appended to "file not found" messages. */
  readonly hint: string;
  /** When true, a missing labels file gives an unlabelled dataset instead of an error. */
  readonly labelsOptional?: boolean;
  /** Names of the classes, indexed by label. */
  readonly classNames?: readonly string[];
  /** Shape each image must have, [height, width, channels]; checked if given. */
  readonly expectedShape?: readonly [number, number, number];
  /** Keep only the first `limit` examples. */
  readonly limit?: number;
}

/**
 * Reads the images (and labels) of one split from `dir` and builds the dataset:
 * uint8 pixels /255, shape from the file (or checked against `expectedShape`).
 *
 * @throws DatasetError `FILE_NOT_FOUND`, `GZIP_FAILED`, `IDX_*`,
 *   `DATASET_COUNT_MISMATCH`, `DATASET_BAD_LIMIT` / `DATASET_LIMIT_TOO_LARGE`,
 *   `DATASET_INVALID`; each message names the file.
 */
export async function loadIdxDirectory(options: IdxDirectoryOptions): Promise<Dataset> {
  const { dir, files, what, hint } = options;
  const imagesPath = findIdxFile(dir, files.images, what, hint);
  let labelsPath: string | undefined;
  if (files.labels !== undefined && files.labels !== null) {
    labelsPath = options.labelsOptional
      ? findOptionalIdxFile(dir, files.labels)
      : findIdxFile(dir, files.labels, what, hint);
  }
  const [images, labels] = await Promise.all([
    readIdxFile(imagesPath),
    labelsPath === undefined ? undefined : readIdxFile(labelsPath),
  ]);
  return datasetFromIdx({
    name: options.name,
    images,
    ...(labels !== undefined ? { labels } : {}),
    ...(options.classNames !== undefined ? { classNames: options.classNames } : {}),
    ...(options.expectedShape !== undefined ? { expectedShape: options.expectedShape } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
  });
}

/** Throws `DATASET_BAD_OPTIONS` unless `split` is 'train' or 'test'. */
export function checkSplit(fn: string, split: unknown): asserts split is 'train' | 'test' {
  if (split !== 'train' && split !== 'test') {
    throw new DatasetError(
      'DATASET_BAD_OPTIONS',
      `${fn}: split must be 'train' or 'test', got ${JSON.stringify(split)}.`,
    );
  }
}
