/**
 * What every batched evaluation helper shares: argument checks that run before any
 * tensor exists, and one loop that feeds a model the examples of a dataset in order,
 * reads each batch's result back once and disposes everything it made.
 */
import {
  type AutoencoderModel,
  isConditional,
  mustBe,
  NUMBER_RULE_TEXT,
  type NumberRule,
  obeys,
  shapeSize,
} from '@ae/core';
import { batches, type Dataset, exampleSize } from '@ae/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { EvaluationError } from './evaluation-error.js';

/**
 * What the helpers read of any model besides the method they call (both optional):
 * - `numClasses`: of a conditional model; when > 0, every call gets the batch's labels as
 *   `{ labels }` (an int32 tensor `[batch]`).
 * - `inputShape`: one example as the model takes it. When it holds as many values as one
 *   example of the data, batches are reshaped to `[batch, ...inputShape]` (e.g. table rows
 *   stored as `[1, 1, n]` for a model of `[n]`); otherwise they stay
 *   `[batch, height, width, channels]`.
 */
export type EvaluatedModel = Partial<Pick<AutoencoderModel, 'numClasses' | 'inputShape'>>;

/** Throws `EVAL_BAD_OPTION` with a message that starts with the function's name. */
export function badOption(where: string, message: string): never {
  throw new EvaluationError('EVAL_BAD_OPTION', `${where}: ${message}`);
}

/**
 * `value` if it obeys `rule`, `fallback` if it is undefined; otherwise throws
 * `EVAL_BAD_OPTION` in the words of `mustBe` (e.g. "batchSize must be an integer ≥ 1").
 */
export function numberOption(
  where: string,
  name: string,
  value: unknown,
  rule: NumberRule,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (!obeys(value, rule)) {
    throw new EvaluationError(
      'EVAL_BAD_OPTION',
      mustBe(where, name, NUMBER_RULE_TEXT[rule], value),
    );
  }
  return value;
}

/** Throws unless `model` is an object whose `method` is a function; `hint` says what has one. */
export function requireMethod(where: string, model: unknown, method: string, hint: string): void {
  const fn = (model as Record<string, unknown> | null | undefined)?.[method];
  if (typeof fn !== 'function') badOption(where, `the model has no ${method}() method. ${hint}`);
}

/**
 * Throws unless `data` is a dataset whose `x` holds `count` examples of `shape` and
 * whose labels (if any) fit a conditional model's classes.
 */
export function checkEvaluationData(where: string, model: EvaluatedModel, data: Dataset): void {
  const shape = data?.shape;
  if (
    !Array.isArray(shape) ||
    shape.length !== 3 ||
    !shape.every((d) => obeys(d, 'positive-integer')) ||
    !obeys(data.count, 'non-negative-integer') ||
    !(data.x instanceof Float32Array) ||
    data.x.length !== data.count * exampleSize(data)
  ) {
    badOption(
      where,
      'data must be a Dataset of @ae/datasets (Float32Array x of count × height × width × channels values); ' +
        `got count ${String(data?.count)}, shape ${JSON.stringify(shape)}, x of ${String(data?.x?.length)} values.`,
    );
  }
  const classes = model.numClasses ?? 0;
  const labels = data.labels;
  if (classes > 0 && labels !== undefined) {
    if (labels.length !== data.count) {
      badOption(where, `data.labels has ${labels.length} entries but data.count is ${data.count}.`);
    }
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i] as number;
      if (!(label >= 0 && label < classes)) {
        badOption(
          where,
          `label ${label} of example ${i} of '${data.name}' is outside [0, ${classes}) (the model's numClasses); pass data labelled for this model.`,
        );
      }
    }
  }
}

/** One batch as the helpers hand it to their `run` function. */
export interface EvaluationBatch {
  /** The examples (the reconstruction target), shaped for the model. */
  x: tf.Tensor;
  /** What to encode: `x`, or the caller's replacement rows (denoising). */
  input: tf.Tensor;
  /** `{ labels }` for a conditional model with labelled data, else `{}`. */
  condition: { labels?: tf.Tensor };
  /** Index of the batch's first example in the dataset. */
  start: number;
  /** Number of examples in the batch. */
  size: number;
}

/** Options of {@link evaluateBatches}. */
export interface EvaluateBatchesOptions {
  /** Examples per batch. */
  batchSize: number;
  /** Rows to encode instead of `data.x` (same length; checked by the caller). */
  input?: Float32Array;
}

/**
 * Runs `run` on the examples of `data` in order, `batchSize` at a time, inside
 * `tf.tidy`, reads each result back with one `await data()` and hands the values to
 * `collect`. Every tensor made here, the result included, is disposed, also when
 * `run` or `collect` throws.
 */
export async function evaluateBatches(
  model: EvaluatedModel,
  data: Dataset,
  options: EvaluateBatchesOptions,
  run: (batch: EvaluationBatch) => tf.Tensor,
  collect: (values: tf.TypedArray, batch: EvaluationBatch) => void,
): Promise<void> {
  const size = exampleSize(data);
  const shape = model.inputShape;
  const reshape =
    Array.isArray(shape) && shape.length > 0 && shapeSize(shape) === size ? [...shape] : undefined;
  const conditional = isConditional(model);
  const { input } = options;
  let start = 0;
  for await (const batch of batches(data, { batchSize: options.batchSize, shuffle: false })) {
    const made: tf.Tensor[] = [batch.x];
    if (batch.labels !== undefined) made.push(batch.labels);
    try {
      const n = batch.size;
      const x = reshape ? tf.reshape(batch.x, [n, ...reshape]) : batch.x;
      made.push(x);
      let encoded = x;
      if (input !== undefined) {
        const rows = input.subarray(start * size, (start + n) * size);
        encoded = tf.tensor(rows, x.shape, 'float32');
        made.push(encoded);
      }
      const view: EvaluationBatch = {
        x,
        input: encoded,
        condition: conditional && batch.labels !== undefined ? { labels: batch.labels } : {},
        start,
        size: n,
      };
      const out = tf.tidy(() => run(view));
      made.push(out);
      collect(await out.data(), view);
      start += n;
    } finally {
      tf.dispose(made);
    }
  }
}
