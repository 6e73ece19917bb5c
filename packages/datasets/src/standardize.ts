/**
 * Per-feature standardization, z = (x − mean) / std, with the statistics fitted on
 * one dataset (the training split) and applied to any other (validation, test), so
 * no information from held-out data leaks into training.
 */

import { type Dataset, exampleSize } from './dataset.js';
import { DatasetError } from './dataset-error.js';

/** Per-feature statistics from {@link fitStandardizer}, one value per feature. */
export interface Standardizer {
  /** Mean of each feature over the examples, length = height × width × channels. */
  readonly mean: Float32Array;
  /** Population standard deviation of each feature; 1 for a constant feature. */
  readonly std: Float32Array;
}

/**
 * Fits the mean and the population standard deviation (divisor n) of every feature
 * of `ds` (each of the height × width × channels values of an example), in float64.
 * A feature with the same value in every example has std 0; it gets std 1 instead,
 * so standardizing only centres it (to 0) rather than dividing by zero.
 *
 * Fit on the training split only, then `standardize` every split with the result.
 *
 * @throws DatasetError `DATASET_EMPTY` for a dataset without examples.
 *
 * @example
 * const stats = fitStandardizer(train);
 * const [trainZ, testZ] = [standardize(train, stats), standardize(test, stats)];
 */
export function fitStandardizer(ds: Dataset): Standardizer {
  const n = ds.count;
  if (n === 0) {
    throw new DatasetError(
      'DATASET_EMPTY',
      `fitStandardizer: dataset '${ds.name}' has no examples. Fit on a non-empty training split.`,
    );
  }
  const size = exampleSize(ds);
  const x = ds.x;
  const sum = new Float64Array(size);
  const min = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    const row = i * size;
    for (let f = 0; f < size; f++) {
      const v = x[row + f] as number;
      sum[f] = (sum[f] as number) + v;
      if (v < (min[f] as number)) min[f] = v;
      if (v > (max[f] as number)) max[f] = v;
    }
  }
  const mean = new Float64Array(size);
  for (let f = 0; f < size; f++) mean[f] = (sum[f] as number) / n;
  // Second pass on the deviations: no cancellation as in E[x²] − E[x]².
  const squares = new Float64Array(size);
  for (let i = 0; i < n; i++) {
    const row = i * size;
    for (let f = 0; f < size; f++) {
      const d = (x[row + f] as number) - (mean[f] as number);
      squares[f] = (squares[f] as number) + d * d;
    }
  }
  const std = new Float32Array(size);
  for (let f = 0; f < size; f++) {
    std[f] = min[f] === max[f] ? 1 : Math.sqrt((squares[f] as number) / n);
  }
  return { mean: Float32Array.from(mean), std };
}

/**
 * A new dataset with every feature standardized, z = (x − mean) / std, using
 * statistics fitted on (usually) another dataset. Labels, class names, factors and
 * any other fields are kept; `domain` becomes 'real'.
 *
 * @throws DatasetError `DATASET_BAD_OPTIONS` if `stats` has another number of
 *   features than `ds`, or a std that is not a positive finite number.
 */
export function standardize<D extends Dataset>(ds: D, stats: Standardizer): D {
  const size = exampleSize(ds);
  const { mean, std } = stats;
  if (mean.length !== size || std.length !== size) {
    throw new DatasetError(
      'DATASET_BAD_OPTIONS',
      `standardize: dataset '${ds.name}' has ${size} features per example but the statistics have ${mean.length} means and ${std.length} stds. Fit them on a split of the same data.`,
    );
  }
  for (let f = 0; f < size; f++) {
    const s = std[f] as number;
    if (!(s > 0 && Number.isFinite(s))) {
      throw new DatasetError(
        'DATASET_BAD_OPTIONS',
        `standardize: std of feature ${f} is ${s}; every std must be a positive finite number (fitStandardizer gives 1 for a constant feature).`,
      );
    }
  }
  const x = new Float32Array(ds.x.length);
  for (let i = 0; i < x.length; i++) {
    const f = i % size;
    x[i] = ((ds.x[i] as number) - (mean[f] as number)) / (std[f] as number);
  }
  return { ...ds, x, domain: 'real' };
}
