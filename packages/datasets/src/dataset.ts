/**
 * The `Dataset` contract: typed arrays first, tensors only at the edge.
 *
 * A dataset is a plain object of typed arrays, so the same data serves Node and the
 * browser, and it can be sliced, shuffled and batched without touching tfjs. Batches
 * become tensors in `batches` / `toTensor`.
 */

import { checkRule } from './check-parameter.js';
import { DatasetError } from './dataset-error.js';
import { factorsProblem, gatherFactors, sliceFactors } from './dataset-factors.js';

/**
 * Ground-truth generative factors of a synthetic dataset (e.g. shape, scale, rotation,
 * position), kept per example for disentanglement metrics such as MIG.
 */
export interface DatasetFactors {
  /** Name of each factor, e.g. `['shape', 'scale', 'rotation', 'x', 'y']`. */
  readonly names: readonly string[];
  /** Number of distinct values of each factor, aligned with `names`. */
  readonly sizes: readonly number[];
  /**
   * The value of each factor, as a number per level, aligned with `names`:
   * `levels[f][v]` is what index `v` of factor `f` means (e.g. a scale of 0.75).
   */
  readonly levels: readonly (readonly number[])[];
  /**
   * Factor indices of every example, row-major `[count, names.length]`:
   * `values[i * names.length + f]` is in `[0, sizes[f])`.
   */
  readonly values: Int32Array;
}

/** A set of image-like (or tabular) examples with optional class labels. */
export interface Dataset {
  /** Short name for logs and file names, e.g. 'mnist-train'. */
  readonly name: string;
  /**
   * Examples, row-major [count, ...shape], float32. Images hold values in [0, 1]; see
   * `domain`.
   */
  readonly x: Float32Array;
  /** Shape of one example, [height, width, channels]. */
  readonly shape: readonly [number, number, number];
  /** Number of examples. */
  readonly count: number;
  /** Class index per example, if labelled. */
  readonly labels?: Int32Array;
  /** Names of the classes, indexed by label. */
  readonly classNames?: readonly string[];
  /**
   * Range of the values in `x`. `'unit'` (the default when absent): every value is in
   * [0, 1], as for images, so a Bernoulli likelihood (binary cross-entropy) applies.
   * `'real'`: any finite number, e.g. standardized tabular features; use a Gaussian
   * likelihood (squared error).
   */
  readonly domain?: 'unit' | 'real';
  /** Ground-truth generative factors per example, for synthetic datasets. */
  readonly factors?: DatasetFactors;
}

/** Options of {@link validateDataset}. */
export interface ValidateOptions {
  /**
   * Also scan every value (O(count × size)): for the `'unit'` domain (the default)
   * each must be in [0, 1], for `'real'` each must be finite; NaN always fails.
   * Default false: only shapes, lengths, labels and factors are checked.
   */
  readonly checkValues?: boolean;
}

/** Number of float32 values in one example: height × width × channels. */
export function exampleSize(ds: Dataset): number {
  return ds.shape[0] * ds.shape[1] * ds.shape[2];
}

function invalid(ds: Dataset, what: string): DatasetError {
  return new DatasetError(
    'DATASET_INVALID',
    `Dataset '${ds.name}': ${what}. Build datasets with the loaders of @ae/datasets or fix the object you pass.`,
  );
}

/**
 * Checks that a dataset keeps its contract: a shape of three positive integers, a
 * non-negative integer count, `x.length === count × exampleSize`, one label per
 * example, labels inside `classNames` when both are present, a `domain` of
 * `'unit'` or `'real'` if given, and `factors` whose names, sizes and levels line
 * up and whose `values` hold `count` rows of in-range indices.
 *
 * @throws DatasetError `DATASET_INVALID` naming the dataset and the broken rule.
 */
export function validateDataset(ds: Dataset, options: ValidateOptions = {}): void {
  if (
    !Array.isArray(ds.shape) ||
    ds.shape.length !== 3 ||
    !ds.shape.every((d) => Number.isInteger(d) && d > 0)
  ) {
    throw invalid(
      ds,
      `shape must be [height, width, channels] of positive integers, got ${JSON.stringify(ds.shape)}`,
    );
  }
  if (!Number.isInteger(ds.count) || ds.count < 0) {
    throw invalid(ds, `count must be a non-negative integer, got ${ds.count}`);
  }
  if (!(ds.x instanceof Float32Array)) {
    throw invalid(ds, 'x must be a Float32Array');
  }
  const size = exampleSize(ds);
  if (ds.x.length !== ds.count * size) {
    throw invalid(
      ds,
      `x has ${ds.x.length} values but count × height × width × channels = ${ds.count} × ${size} = ${ds.count * size}`,
    );
  }
  if (ds.labels !== undefined) {
    if (!(ds.labels instanceof Int32Array)) throw invalid(ds, 'labels must be an Int32Array');
    if (ds.labels.length !== ds.count) {
      throw invalid(ds, `labels has ${ds.labels.length} entries but count is ${ds.count}`);
    }
    const classes = ds.classNames?.length;
    for (let i = 0; i < ds.labels.length; i++) {
      const label = ds.labels[i] as number;
      if (label < 0 || (classes !== undefined && label >= classes)) {
        const range =
          classes === undefined ? '≥ 0' : `in [0, ${classes}) (classNames has ${classes} names)`;
        throw invalid(ds, `label of example ${i} is ${label}, expected ${range}`);
      }
    }
  }
  if (ds.domain !== undefined && ds.domain !== 'unit' && ds.domain !== 'real') {
    throw invalid(ds, `domain must be 'unit' or 'real', got ${JSON.stringify(ds.domain)}`);
  }
  if (ds.factors !== undefined) {
    const problem = factorsProblem(ds.factors, ds.count);
    if (problem !== undefined) throw invalid(ds, problem);
  }
  if (options.checkValues) checkValues(ds, size);
}

function checkValues(ds: Dataset, size: number): void {
  const x = ds.x;
  const real = ds.domain === 'real';
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    // Written so that NaN fails too.
    const ok = real ? Number.isFinite(v) : v >= 0 && v <= 1;
    if (!ok) {
      const where = `value ${v} at example ${Math.floor(i / size)}, offset ${i % size}`;
      throw invalid(
        ds,
        real ? `${where} is not finite` : `${where} is outside [0, 1] (domain 'unit')`,
      );
    }
  }
}

/** Throws `DATASET_BAD_INDEX` unless every index is an integer in [0, ds.count). */
export function checkIndices(ds: Dataset, indices: ArrayLike<number>): void {
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i] as number;
    if (!Number.isInteger(index) || index < 0 || index >= ds.count) {
      throw new DatasetError(
        'DATASET_BAD_INDEX',
        `Dataset '${ds.name}': indices[${i}] is ${index}, expected an integer in [0, ${ds.count}). Pass indices of existing examples.`,
      );
    }
  }
}

/** Copies the rows of `ds.x` at `indices` into one new Float32Array (indices unchecked). */
export function gatherRows(ds: Dataset, indices: ArrayLike<number>): Float32Array {
  const size = exampleSize(ds);
  const out = new Float32Array(indices.length * size);
  for (let i = 0; i < indices.length; i++) {
    const start = (indices[i] as number) * size;
    out.set(ds.x.subarray(start, start + size), i * size);
  }
  return out;
}

/** Copies `labels` at `indices` into a new Int32Array (indices unchecked). */
export function gatherLabels(labels: Int32Array, indices: ArrayLike<number>): Int32Array {
  const out = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = labels[indices[i] as number] as number;
  return out;
}

/**
 * Throws unless `n` is a valid limit for `count` examples: `DATASET_BAD_LIMIT` if it
 * is not a non-negative integer, `DATASET_LIMIT_TOO_LARGE` if it exceeds `count`.
 * `what` names the dataset in the message; `detail` is appended to the count.
 */
export function checkLimit(what: string, n: number, count: number, detail = ''): void {
  checkRule(what, 'limit', n, 'non-negative-integer', { code: 'DATASET_BAD_LIMIT' });
  if (n > count) {
    throw new DatasetError(
      'DATASET_LIMIT_TOO_LARGE',
      `${what}: limit ${n} is larger than its ${count} examples${detail}. Pass a limit ≤ ${count} or omit it.`,
    );
  }
}

/**
 * A new dataset holding copies of the examples at `indices`, in that order
 * (repeats allowed), with their labels and factors; `classNames` and `domain` are
 * kept.
 *
 * @param name Name of the new dataset; default `${ds.name}-subset`.
 * @throws DatasetError `DATASET_BAD_INDEX` for an index outside [0, count).
 */
export function subset(ds: Dataset, indices: ArrayLike<number>, name?: string): Dataset {
  checkIndices(ds, indices);
  const n = indices.length;
  const x = gatherRows(ds, indices);
  const labels = ds.labels === undefined ? undefined : gatherLabels(ds.labels, indices);
  const factors = ds.factors === undefined ? undefined : gatherFactors(ds.factors, indices);
  return derive(ds, name ?? `${ds.name}-subset`, x, n, labels, factors);
}

/**
 * The first `n` examples of `ds`. The result shares memory with `ds` (no copy:
 * `x`, `labels` and `factors.values` are views) and keeps its name, `classNames`
 * and `domain`.
 *
 * @throws DatasetError `DATASET_BAD_LIMIT` if `n` is not a non-negative integer,
 *   `DATASET_LIMIT_TOO_LARGE` if `n > ds.count`.
 */
export function limit(ds: Dataset, n: number): Dataset {
  checkLimit(`Dataset '${ds.name}'`, n, ds.count);
  if (n === ds.count) return ds;
  const x = ds.x.subarray(0, n * exampleSize(ds));
  const factors = ds.factors === undefined ? undefined : sliceFactors(ds.factors, n);
  return derive(ds, ds.name, x, n, ds.labels?.subarray(0, n), factors);
}

/**
 * A dataset with new rows that keeps `ds`'s shape, `classNames` and `domain`.
 * Optional fields are added only when defined, so absent ones stay absent.
 */
function derive(
  ds: Dataset,
  name: string,
  x: Float32Array,
  count: number,
  labels: Int32Array | undefined,
  factors: DatasetFactors | undefined,
): Dataset {
  return {
    name,
    x,
    shape: ds.shape,
    count,
    ...(labels !== undefined ? { labels } : {}),
    ...(ds.classNames !== undefined ? { classNames: ds.classNames } : {}),
    ...(ds.domain !== undefined ? { domain: ds.domain } : {}),
    ...(factors !== undefined ? { factors } : {}),
  };
}
