/**
 * Batching: the edge where typed-array datasets become tensors.
 *
 * Rows are gathered into one Float32Array with `set(subarray)` per example and
 * turned into a tensor with a single `tf.tensor` call. Every tensor returned here
 * is owned by the caller, who must dispose it.
 */

import { createRng, type Rng } from '@ae/backend';
import * as tf from '@tensorflow/tfjs-core';
import { binarize } from './binarize.js';
import { checkPositiveInteger, checkRule } from './check-parameter.js';
import { checkCorrupted } from './corrupt.js';
import type { Corruption } from './corruptions.js';
import { checkIndices, type Dataset, gatherLabels, gatherRows } from './dataset.js';
import { DatasetError } from './dataset-error.js';
import { oneHot } from './one-hot.js';
import { resolveRng } from './seeded-rng.js';

/** Options of {@link batches}. */
export interface BatchOptions {
  /** Examples per batch; a positive integer. */
  batchSize: number;
  /** Visit the examples in a random order. Default true; then `rng` or `seed` is required. */
  shuffle?: boolean;
  /**
   * Generator for the shuffle, binarization and corruption. Each call to `batches`
   * draws one permutation from it, then (only if `binarize` or `corruption` is set)
   * one seed for that epoch's noise, so successive epochs with the same `rng`
   * differ, while a run from the same seed repeats exactly.
   */
  rng?: Rng;
  /**
   * Seed instead of `rng`. A fresh generator is made per call, so every epoch with
   * the same seed has the same order and the same noise; pass `rng` for per-epoch
   * orders and noise.
   */
  seed?: number;
  /** Drop the last batch if it has fewer than `batchSize` examples. Default false. */
  dropRemainder?: boolean;
  /** Give `x` (and `input`) as [b, h·w·c] instead of [b, h, w, c]. Default false. */
  flatten?: boolean;
  /**
   * `'dynamic'`: `x` holds Bernoulli samples of the pixels (see `binarize`), drawn
   * afresh for every batch made, so each epoch sees other samples. Needs `rng` or
   * `seed` even when `shuffle` is false, and unit-domain data.
   */
  binarize?: 'dynamic';
  /**
   * Corrupt each batch for denoising: the batch gets `input` = corruption(x) while
   * `x` stays the clean target (after binarization, if any). The noise is drawn
   * afresh for every batch made. Needs `rng` or `seed` even when `shuffle` is false.
   */
  corruption?: Corruption;
  /**
   * Add `labelsOneHot` [b, C]: `true` takes C from `classNames`, a number gives C.
   * Needs labels; every label must be in [0, C) (checked when `batches` is called).
   */
  oneHot?: boolean | number;
}

/** One batch of examples. */
export interface Batch {
  /** [b, h, w, c] or [b, h*w*c]; the clean (target) examples; caller owns. */
  x: tf.Tensor;
  /** The corrupted examples, same shape as `x`, with the `corruption` option; caller owns. */
  input?: tf.Tensor;
  /** int32 [b] labels if the dataset has labels; caller owns. */
  labels?: tf.Tensor1D;
  /** float32 [b, C] one-hot labels with the `oneHot` option; caller owns. */
  labelsOneHot?: tf.Tensor2D;
  /** Dataset indices of this batch. */
  indices: Uint32Array;
  /** Number of examples in this batch. */
  size: number;
}

function checkBatchSize(ds: Dataset, batchSize: number): void {
  checkRule(`Dataset '${ds.name}'`, 'batchSize', batchSize, 'positive-integer', {
    code: 'DATASET_BAD_BATCH_SIZE',
    hint: 'Pass e.g. { batchSize: 128 }.',
  });
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

/** Everything `batches` resolves up front, before any tensor exists. */
interface EpochPlan {
  order: Uint32Array;
  /** Generator of this epoch's binarization and corruption noise. */
  noise?: Rng;
  /** Number of classes for one-hot labels. */
  classes?: number;
}

function badOptions(ds: Dataset, what: string): DatasetError {
  return new DatasetError('DATASET_BAD_OPTIONS', `batches('${ds.name}'): ${what}`);
}

/** Number of one-hot classes asked for, after checking every label against it. */
function oneHotClasses(ds: Dataset, option: boolean | number): number | undefined {
  if (option === false) return undefined;
  if (ds.labels === undefined)
    throw badOptions(ds, 'oneHot needs labels but the dataset has none.');
  const classes = option === true ? ds.classNames?.length : option;
  if (classes === undefined) {
    throw badOptions(ds, 'oneHot: true needs classNames to count the classes; pass oneHot: C.');
  }
  checkPositiveInteger(`batches('${ds.name}')`, 'oneHot', classes);
  // Checks every label now, so iteration cannot fail half-way.
  for (let i = 0; i < ds.labels.length; i += 4096) oneHot(ds.labels.subarray(i, i + 4096), classes);
  return classes;
}

function plan(ds: Dataset, options: BatchOptions): EpochPlan {
  const shuffle = options.shuffle ?? true;
  if (options.binarize !== undefined && options.binarize !== 'dynamic') {
    throw badOptions(
      ds,
      `binarize must be 'dynamic' or absent, got ${JSON.stringify(options.binarize)}.`,
    );
  }
  if (options.binarize === 'dynamic' && ds.domain === 'real') {
    throw badOptions(ds, "binarize: 'dynamic' needs values in [0, 1], but the domain is 'real'.");
  }
  if (options.corruption !== undefined && typeof options.corruption !== 'function') {
    throw badOptions(
      ds,
      'corruption must be a function (x, rng) => Float32Array, e.g. gaussianNoise({ std: 0.3 }).',
    );
  }
  const noisy = options.binarize === 'dynamic' || options.corruption !== undefined;
  const classes = oneHotClasses(ds, options.oneHot ?? false);
  const where = `batches('${ds.name}')`;
  let rng: Rng | undefined;
  if (shuffle) rng = resolveRng(options, where, 'shuffling', 'or { shuffle: false }');
  else if (noisy) rng = resolveRng(options, where, 'binarize or corruption');
  const order = rng !== undefined && shuffle ? rng.permutation(ds.count) : identity(ds.count);
  return {
    order,
    ...(noisy && rng !== undefined ? { noise: createRng(rng.seed()) } : {}),
    ...(classes !== undefined ? { classes } : {}),
  };
}

function identity(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

/**
 * One epoch of batches. Options are checked, the shuffle order drawn and the
 * epoch's noise seeded when `batches` is called, not when iteration starts. Each
 * yielded batch's tensors are owned by the caller; `batches` never disposes or
 * changes anything of the caller's (the dataset is only read), and breaking out of
 * the loop early leaks nothing.
 *
 * @throws DatasetError `DATASET_BAD_BATCH_SIZE`, `DATASET_BAD_OPTIONS`,
 *   `DATASET_BAD_PARAMETER` (non-integer seed or bad one-hot class count),
 *   `LABEL_OUT_OF_RANGE` (a label outside the one-hot classes).
 *
 * @example
 * const rng = createRng(42);
 * for (let epoch = 0; epoch < 3; epoch++) {
 *   const noisy = batches(train, { batchSize: 128, rng, corruption: maskingNoise({ rate: 0.3 }) });
 *   for await (const batch of noisy) {
 *     // batch.input: corrupted [128, 28, 28, 1]; batch.x: the clean target
 *     tf.dispose([batch.x, batch.input, batch.labels]);
 *   }
 * }
 */
export function batches(ds: Dataset, options: BatchOptions): AsyncGenerator<Batch> {
  checkBatchSize(ds, options.batchSize);
  const epoch = plan(ds, options);
  const n = batchCount(ds, options.batchSize, options.dropRemainder ?? false);
  return generate(ds, epoch, n, options);
}

async function* generate(
  ds: Dataset,
  epoch: EpochPlan,
  n: number,
  options: BatchOptions,
): AsyncGenerator<Batch> {
  const { order, noise, classes } = epoch;
  const { batchSize, corruption } = options;
  const flatten = options.flatten ?? false;
  const labels = ds.labels;
  for (let b = 0; b < n; b++) {
    const indices = order.slice(b * batchSize, Math.min((b + 1) * batchSize, order.length));
    const size = indices.length;
    // All typed arrays first, so a throwing corruption leaves no tensor behind.
    const rows = gatherRows(ds, indices);
    const clean = options.binarize === 'dynamic' ? binarize(rows, noise as Rng) : rows;
    let corrupted: Float32Array | undefined;
    if (corruption !== undefined) {
      corrupted = corruption(clean, noise as Rng);
      checkCorrupted(`batches('${ds.name}')`, clean, corrupted);
    }
    const batchLabels = labels === undefined ? undefined : gatherLabels(labels, indices);
    const hot = classes === undefined ? undefined : oneHot(batchLabels as Int32Array, classes);
    yield {
      x: rowsToTensor(ds, clean, size, flatten),
      ...(corrupted !== undefined ? { input: rowsToTensor(ds, corrupted, size, flatten) } : {}),
      ...(batchLabels !== undefined ? { labels: tf.tensor1d(batchLabels, 'int32') } : {}),
      ...(hot !== undefined ? { labelsOneHot: tf.tensor2d(hot, [size, classes as number]) } : {}),
      indices,
      size,
    };
  }
}
