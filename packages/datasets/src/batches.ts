/**
 * Batching: the edge where typed-array datasets become tensors.
 *
 * Rows are gathered into one Float32Array with `set(subarray)` per example and
 * turned into a tensor with a single `tf.tensor` call. Every tensor returned here
 * is owned by the caller, who must dispose it.
 */

import { createRng, type Rng } from '@ae/backend';
import * as tf from '@tensorflow/tfjs-core';
import { checkIndices, type Dataset, gatherLabels, gatherRows } from './dataset.js';
import { DatasetError } from './dataset-error.js';

/** Options of {@link batches}. */
export interface BatchOptions {
  /** Examples per batch; a positive integer. */
  batchSize: number;
  /** Visit the examples in a random order. Default true; then `rng` or `seed` is required. */
  shuffle?: boolean;
  /**
   * Generator for the shuffle. Each call to `batches` draws one permutation from it,
   * so successive epochs with the same `rng` differ, while a run from the same seed
   * repeats exactly.
   */
  rng?: Rng;
  /**
   * Seed for the shuffle, instead of `rng`. A fresh generator is made per call, so
   * every epoch with the same seed has the same order; pass `rng` for per-epoch orders.
   */
  seed?: number;
  /** Drop the last batch if it has fewer than `batchSize` examples. Default false. */
  dropRemainder?: boolean;
  /** Give `x` as [b, h·w·c] instead of [b, h, w, c]. Default false. */
  flatten?: boolean;
}

/** One batch of examples. */
export interface Batch {
  /** [b, h, w, c] or [b, h*w*c]; caller owns. */
  x: tf.Tensor;
  /** int32 [b] labels if the dataset has labels; caller owns. */
  labels?: tf.Tensor1D;
  /** Dataset indices of this batch. */
  indices: Uint32Array;
  /** Number of examples in this batch. */
  size: number;
}

function checkBatchSize(ds: Dataset, batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new DatasetError(
      'DATASET_BAD_BATCH_SIZE',
      `Dataset '${ds.name}': batchSize must be a positive integer, got ${batchSize}. Pass e.g. { batchSize: 128 }.`,
    );
  }
}

/**
 * Number of batches in one epoch: ⌈count / batchSize⌉, or ⌊count / batchSize⌋
 * with `dropRemainder`.
 *
 * @throws DatasetError `DATASET_BAD_BATCH_SIZE` unless `batchSize` is a positive integer.
 */
export function batchCount(ds: Dataset, batchSize: number, dropRemainder = false): number {
  checkBatchSize(ds, batchSize);
  return dropRemainder ? Math.floor(ds.count / batchSize) : Math.ceil(ds.count / batchSize);
}

function rowsToTensor(ds: Dataset, rows: Float32Array, n: number, flatten: boolean): tf.Tensor {
  const [h, w, c] = ds.shape;
  return flatten
    ? tf.tensor2d(rows, [n, h * w * c], 'float32')
    : tf.tensor4d(rows, [n, h, w, c], 'float32');
}

/**
 * The examples at `indices` (default: all, in order) as one float32 tensor
 * [n, h, w, c], or [n, h·w·c] with `flatten`. Caller owns the tensor.
 *
 * @throws DatasetError `DATASET_BAD_INDEX` for an index outside [0, count).
 */
export function toTensor(
  ds: Dataset,
  indices?: ArrayLike<number>,
  options: { flatten?: boolean } = {},
): tf.Tensor {
  const flatten = options.flatten ?? false;
  if (indices === undefined) {
    // slice(): the tensor must not alias the dataset's memory.
    return rowsToTensor(ds, ds.x.slice(), ds.count, flatten);
  }
  checkIndices(ds, indices);
  return rowsToTensor(ds, gatherRows(ds, indices), indices.length, flatten);
}

/** The visiting order of one epoch. */
function epochOrder(ds: Dataset, options: BatchOptions): Uint32Array {
  const shuffle = options.shuffle ?? true;
  if (!shuffle) {
    const order = new Uint32Array(ds.count);
    for (let i = 0; i < ds.count; i++) order[i] = i;
    return order;
  }
  if (options.rng !== undefined && options.seed !== undefined) {
    throw new DatasetError(
      'DATASET_BAD_OPTIONS',
      `Dataset '${ds.name}': pass either rng or seed to batches(), not both.`,
    );
  }
  if (options.rng !== undefined) return options.rng.permutation(ds.count);
  if (options.seed !== undefined) return createRng(options.seed).permutation(ds.count);
  throw new DatasetError(
    'DATASET_BAD_OPTIONS',
    `Dataset '${ds.name}': shuffling needs a seeded generator so runs can be reproduced. Pass { rng: createRng(seed) } (new order each epoch), { seed } (same order each epoch), or { shuffle: false }.`,
  );
}

/**
 * One epoch of batches. Options are checked and the shuffle order is drawn when
 * `batches` is called, not when iteration starts. Each yielded batch's tensors are
 * owned by the caller; breaking out of the loop early leaks nothing.
 *
 * @throws DatasetError `DATASET_BAD_BATCH_SIZE`, `DATASET_BAD_OPTIONS`.
 *
 * @example
 * const rng = createRng(42);
 * for (let epoch = 0; epoch < 3; epoch++) {
 *   for await (const batch of batches(train, { batchSize: 128, rng })) {
 *     // batch.x: [128, 28, 28, 1]
 *     tf.dispose([batch.x, batch.labels]);
 *   }
 * }
 */
export function batches(ds: Dataset, options: BatchOptions): AsyncGenerator<Batch> {
  checkBatchSize(ds, options.batchSize);
  const order = epochOrder(ds, options);
  const n = batchCount(ds, options.batchSize, options.dropRemainder ?? false);
  return generate(ds, order, n, options.batchSize, options.flatten ?? false);
}

async function* generate(
  ds: Dataset,
  order: Uint32Array,
  n: number,
  batchSize: number,
  flatten: boolean,
): AsyncGenerator<Batch> {
  const labels = ds.labels;
  for (let b = 0; b < n; b++) {
    const indices = order.slice(b * batchSize, Math.min((b + 1) * batchSize, order.length));
    const size = indices.length;
    const x = rowsToTensor(ds, gatherRows(ds, indices), size, flatten);
    if (labels === undefined) {
      yield { x, indices, size };
      continue;
    }
    yield { x, labels: tf.tensor1d(gatherLabels(labels, indices), 'int32'), indices, size };
  }
}
