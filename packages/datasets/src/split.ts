/**
 * Splitting a dataset into disjoint train / validation / test parts at random,
 * optionally stratified by label.
 */

import type { Rng } from '@ae/backend';
import { type Dataset, subset } from './dataset.js';
import { DatasetError } from './dataset-error.js';
import { resolveRng, type SeedOptions } from './seeded-rng.js';

/** Options of {@link split}. Sizes below 1 are fractions of the dataset, integers ≥ 1 are counts. */
export interface SplitOptions extends SeedOptions {
  /** Size of the validation part: a fraction in [0, 1) (rounded to the nearest count) or a count. */
  readonly validation?: number;
  /** Size of the test part: a fraction in [0, 1) (rounded to the nearest count) or a count. */
  readonly test?: number;
  /**
   * Keep each class's share the same in every part (each part's count of a class is
   * within about one example of its proportional share). Needs labels. Default false.
   */
  readonly stratify?: boolean;
}

/** The parts made by {@link split}; a part is present when its size was given and > 0. */
export interface SplitResult {
  /** Everything not in validation or test, named `${name}-train`. */
  readonly train: Dataset;
  /** Named `${name}-validation`. */
  readonly validation?: Dataset;
  /** Named `${name}-test`. */
  readonly test?: Dataset;
}

function partSize(where: string, field: string, value: number | undefined, count: number): number {
  if (value === undefined || value === 0) return 0;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (value >= 1 && !Number.isInteger(value))
  ) {
    throw new DatasetError(
      'DATASET_BAD_PARAMETER',
      `${where}: ${field} must be a fraction in [0, 1) or an integer count ≥ 1, got ${value}.`,
    );
  }
  const n = value < 1 ? Math.round(value * count) : value;
  if (n === 0) {
    throw new DatasetError(
      'DATASET_EMPTY',
      `${where}: ${field} ${value} of ${count} examples rounds to 0 examples. Pass a larger fraction or a count.`,
    );
  }
  return n;
}

/**
 * Dataset indices in the order parts are cut from: test first, then validation,
 * then train. Stratified: each class's members are shuffled and spread evenly over
 * [0, 1) (member j of n_c at (j + ½) / n_c); sorting all by that key (ties broken by a
 * random rank per class) makes every prefix hold each class in proportion.
 */
function cutOrder(ds: Dataset, rng: Rng, stratify: boolean): Uint32Array {
  if (!stratify) return rng.permutation(ds.count);
  const labels = ds.labels as Int32Array;
  const members = new Map<number, number[]>();
  labels.forEach((label, i) => {
    const list = members.get(label);
    if (list === undefined) members.set(label, [i]);
    else list.push(i);
  });
  const key = new Float64Array(ds.count);
  const tie = new Float64Array(ds.count);
  for (const list of members.values()) {
    const order = rng.permutation(list.length);
    const rank = rng.next();
    order.forEach((j, position) => {
      const index = list[position] as number;
      key[index] = (j + 0.5) / list.length;
      tie[index] = rank;
    });
  }
  const out = Uint32Array.from({ length: ds.count }, (_, i) => i);
  return out.sort(
    (a, b) => (key[a] as number) - (key[b] as number) || (tie[a] as number) - (tie[b] as number),
  );
}

/**
 * Splits `ds` at random into disjoint parts that together hold every example once.
 * Each part keeps the original order of its examples (shuffle later, e.g. in
 * `batches`), with labels, factors, `classNames` and `domain`.
 *
 * @throws DatasetError `DATASET_BAD_OPTIONS` (neither validation nor test, stratify
 *   without labels, not exactly one of `rng` / `seed`), `DATASET_BAD_PARAMETER` (a
 *   size that is not a fraction or count, or parts that leave no training examples),
 *   `DATASET_EMPTY` (a fraction that rounds to 0 examples).
 *
 * @example
 * const { train, validation } = split(mnist, { validation: 0.1, seed: 0, stratify: true });
 */
export function split(ds: Dataset, options: SplitOptions): SplitResult {
  const where = `split('${ds.name}')`;
  if (options.validation === undefined && options.test === undefined) {
    throw new DatasetError(
      'DATASET_BAD_OPTIONS',
      `${where}: pass validation and/or test, e.g. { validation: 0.1, seed: 0 }.`,
    );
  }
  const stratify = options.stratify ?? false;
  if (stratify && ds.labels === undefined) {
    throw new DatasetError(
      'DATASET_BAD_OPTIONS',
      `${where}: stratify needs labels but the dataset has none. Pass stratify: false.`,
    );
  }
  const nVal = partSize(where, 'validation', options.validation, ds.count);
  const nTest = partSize(where, 'test', options.test, ds.count);
  if (nVal + nTest >= ds.count) {
    throw new DatasetError(
      'DATASET_BAD_PARAMETER',
      `${where}: validation (${nVal}) + test (${nTest}) examples leave none of the ${ds.count} for training. Use smaller parts.`,
    );
  }
  const rng = resolveRng(options, where, 'splitting');
  const order = cutOrder(ds, rng, stratify);
  const part = (from: number, to: number, suffix: string) =>
    subset(ds, order.slice(from, to).sort(), `${ds.name}-${suffix}`);
  return {
    train: part(nTest + nVal, ds.count, 'train'),
    ...(nVal > 0 ? { validation: part(nTest, nTest + nVal, 'validation') } : {}),
    ...(nTest > 0 ? { test: part(0, nTest, 'test') } : {}),
  };
}
