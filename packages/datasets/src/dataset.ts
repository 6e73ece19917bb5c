/**
 * The `Dataset` contract: typed arrays first, tensors only at the edge.
 *
 * A dataset is a plain object of typed arrays, so the same data serves Node and the
 * browser, and it can be sliced, shuffled and batched without touching tfjs. Batches
 * become tensors in `batches` / `toTensor`.
 */

import { DatasetError } from './dataset-error.js';

/** A set of image-like examples with optional class labels. */
export interface Dataset {
  /** Short name for logs and file names, e.g. 'mnist-train'. */
  readonly name: string;
  /** Examples, row-major [count, ...shape], float32 in [0, 1]. */
  readonly x: Float32Array;
  /** Shape of one example, [height, width, channels]. */
  readonly shape: readonly [number, number, number];
  /** Number of examples. */
  readonly count: number;
  /** Class index per example, if labelled. */
  readonly labels?: Int32Array;
  /** Names of the classes, indexed by label. */
  readonly classNames?: readonly string[];
}

/** Options of {@link validateDataset}. */
export interface ValidateOptions {
  /**
   * Also scan every pixel for NaN or values outside [0, 1] (O(count × size)).
   * Default false: only shapes and lengths are checked.
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
 * example, and labels inside `classNames` when both are present.
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
  if (options.checkValues) {
    const x = ds.x;
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      // Written so that NaN fails too.
      if (!(v >= 0 && v <= 1)) {
        throw invalid(
          ds,
          `value ${v} at example ${Math.floor(i / size)}, offset ${i % size} is outside [0, 1]`,
        );
      }
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
  if (!Number.isInteger(n) || n < 0) {
    throw new DatasetError(
      'DATASET_BAD_LIMIT',
      `${what}: limit must be a non-negative integer, got ${n}.`,
    );
  }
  if (n > count) {
    throw new DatasetError(
      'DATASET_LIMIT_TOO_LARGE',
      `${what}: limit ${n} is larger than its ${count} examples${detail}. Pass a limit ≤ ${count} or omit it.`,
    );
  }
}

/**
 * A new dataset holding copies of the examples at `indices`, in that order
 * (repeats allowed).
 *
 * @param name Name of the new dataset; default `${ds.name}-subset`.
 * @throws DatasetError `DATASET_BAD_INDEX` for an index outside [0, count).
 */
export function subset(ds: Dataset, indices: ArrayLike<number>, name?: string): Dataset {
  checkIndices(ds, indices);
  const n = indices.length;
  const x = gatherRows(ds, indices);
  const labels = ds.labels === undefined ? undefined : gatherLabels(ds.labels, indices);
  return withOptional(
    { name: name ?? `${ds.name}-subset`, x, shape: ds.shape, count: n },
    labels,
    ds.classNames,
  );
}

/**
 * The first `n` examples of `ds`. The result shares memory with `ds` (no copy)
 * and keeps its name.
 *
 * @throws DatasetError `DATASET_BAD_LIMIT` if `n` is not a non-negative integer,
 *   `DATASET_LIMIT_TOO_LARGE` if `n > ds.count`.
 */
export function limit(ds: Dataset, n: number): Dataset {
  checkLimit(`Dataset '${ds.name}'`, n, ds.count);
  if (n === ds.count) return ds;
  const x = ds.x.subarray(0, n * exampleSize(ds));
  return withOptional(
    { name: ds.name, x, shape: ds.shape, count: n },
    ds.labels?.subarray(0, n),
    ds.classNames,
  );
}

/** Adds `labels` / `classNames` only when defined, so they stay absent otherwise. */
function withOptional(
  base: Omit<Dataset, 'labels' | 'classNames'>,
  labels: Int32Array | undefined,
  classNames: readonly string[] | undefined,
): Dataset {
  return {
    ...base,
    ...(labels !== undefined ? { labels } : {}),
    ...(classNames !== undefined ? { classNames } : {}),
  };
}
