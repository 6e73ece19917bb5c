/**
 * The data recipe of a training run: from what a source gives (a training and a test
 * split, or one set of examples) to the training and validation parts a model sees —
 * class filter, seeded hold-out split, limit, and standardization fitted on the
 * training part only.
 */

import { type Dataset, limit } from './dataset.js';
import { DatasetError } from './dataset-error.js';
import { keepClasses } from './keep-classes.js';
import { split } from './split.js';
import { fitStandardizer, type Standardizer, standardize } from './standardize.js';

/** Share of a source without a test split that is held out for validation by default. */
export const DEFAULT_HOLD_OUT = 0.1;

/** A source with its own test split: it becomes the validation part. */
export interface SplitSource {
  /** The training split. */
  readonly train: Dataset;
  /** The test split, used for validation. */
  readonly validation: Dataset;
}

/** A source without a test split: part of it is held out for validation. */
export interface WholeSource {
  /** Every example of the source. */
  readonly all: Dataset;
}

/** What a source gives before the recipe runs. */
export type LoadedSource = SplitSource | WholeSource;

/** Options of {@link prepareRunData}. */
export interface RunDataOptions {
  /**
   * Keep only these classes, in both parts: class names or label numbers, text tokens
   * read as `classOfToken` does (`'3'`, `'Sneaker'`). Default: every class.
   */
  readonly classes?: readonly (string | number)[];
  /** At most this many training examples, and at most this many validation examples. */
  readonly limit?: number;
  /** Seed of the hold-out split of a {@link WholeSource}; default 0. */
  readonly seed?: number;
  /**
   * Size of the hold-out of a {@link WholeSource}: a fraction in [0, 1) or a count ≥ 1;
   * default {@link DEFAULT_HOLD_OUT}. 0 validates on the training part itself.
   */
  readonly holdOut?: number;
}

/** The two parts of a run's data. */
export interface RunData {
  /** What the model trains on. */
  readonly train: Dataset;
  /** Held-out examples the model never trains on. */
  readonly validation: Dataset;
  /**
   * Real-valued (tabular) data only: the per-feature statistics fitted on `train` and
   * applied to both parts. Apply them to any new data the model should see.
   */
  readonly standardizer?: Standardizer;
}

/**
 * Turns a loaded source into a run's training and validation data, in this order:
 *
 * 1. keep `classes` (in the whole source, or in each of its two splits);
 * 2. a {@link WholeSource}: split off `holdOut` for validation at random with `seed`
 *    (each part keeps the source's order; see `split`);
 * 3. keep the first `limit` training examples and the first `min(limit, count)`
 *    validation examples;
 * 4. data with `domain: 'real'`: fit a standardizer on the training part only and apply
 *    it to both, so nothing of the validation part leaks into training.
 *
 * The same source and options give the same parts, example for example.
 *
 * @throws DatasetError `DATASET_BAD_OPTIONS` for a `loaded` without `all` or without
 *   `train` and `validation`; the errors of `keepClasses` (`CLASS_NOT_FOUND`, …),
 *   `split` (`DATASET_BAD_PARAMETER` for a bad `holdOut` or `seed`, …) and `limit`
 *   (`DATASET_BAD_LIMIT`, `DATASET_LIMIT_TOO_LARGE` naming the training part).
 *
 * @example
 * const { train, validation } = prepareRunData({ all: table }, { seed: 1, classes: ['ok'] });
 */
export function prepareRunData(loaded: LoadedSource, options: RunDataOptions = {}): RunData {
  const { classes, seed = 0, holdOut = DEFAULT_HOLD_OUT } = options;
  const keep = (ds: Dataset) => (classes === undefined ? ds : keepClasses(ds, classes));
  let train: Dataset;
  let validation: Dataset;
  if ('all' in loaded && loaded.all !== undefined) {
    const parts = split(keep(loaded.all), { validation: holdOut, seed });
    train = parts.train;
    validation = parts.validation ?? parts.train;
  } else if ('train' in loaded && loaded.train !== undefined && loaded.validation !== undefined) {
    train = keep(loaded.train);
    validation = keep(loaded.validation);
  } else {
    throw new DatasetError(
      'DATASET_BAD_OPTIONS',
      'prepareRunData: pass { all } (a source without a test split) or { train, validation }.',
    );
  }
  if (options.limit !== undefined) {
    // limit() names the dataset, the limit and the count when the limit is too large.
    train = limit(train, options.limit);
    validation = limit(validation, Math.min(options.limit, validation.count));
  }
  if (train.domain !== 'real') return { train, validation };
  const standardizer = fitStandardizer(train);
  return {
    train: standardize(train, standardizer),
    validation: standardize(validation, standardizer),
    standardizer,
  };
}
