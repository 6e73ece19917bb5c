/**
 * How a loss turns elementwise values into the tensor it returns.
 */
import * as tf from '@tensorflow/tfjs-core';
import { LossError } from './loss-error.js';
import { formatShape } from './shape-check.js';

/**
 * How a loss is reduced. The first axis is the batch.
 *
 * - `'batch-mean'`: sum over all non-batch axes, then mean over the batch → scalar.
 *   The VAE convention (a per-example log-likelihood / KL averaged over the batch); the
 *   default for likelihood and KL losses.
 * - `'per-example'`: sum over all non-batch axes → shape `[batch]`. For anomaly scores and
 *   importance weighting.
 * - `'mean'`: mean over every element → scalar. The Keras convention.
 * - `'sum'`: sum of every element → scalar.
 * - `'none'`: no reduction; the elementwise values, with the input shape.
 */
export type Reduction = 'batch-mean' | 'per-example' | 'mean' | 'sum' | 'none';

/** Every accepted {@link Reduction}, in documentation order. */
export const REDUCTIONS: readonly Reduction[] = Object.freeze([
  'batch-mean',
  'per-example',
  'mean',
  'sum',
  'none',
]);

/** True if `value` is a {@link Reduction}; for validating configs and CLI flags. */
export function isReduction(value: unknown): value is Reduction {
  return typeof value === 'string' && (REDUCTIONS as readonly string[]).includes(value);
}

/**
 * Throws `LOSS_BAD_REDUCTION` unless `reduction` is a {@link Reduction}. Internal: losses call
 * it before computing anything, so a bad option fails fast and leaks nothing.
 *
 * @param caller Name of the public function, for the message.
 */
export function assertReduction(
  caller: string,
  reduction: unknown,
): asserts reduction is Reduction {
  if (!isReduction(reduction)) {
    const got = typeof reduction === 'string' ? `"${reduction}"` : String(reduction);
    throw new LossError(
      'LOSS_BAD_REDUCTION',
      `${caller}: reduction ${got} is not supported; use one of ` +
        `${REDUCTIONS.map((r) => `"${r}"`).join(', ')}.`,
    );
  }
}

/**
 * Throws `LOSS_BAD_RANK` if `reduction` needs a batch axis and `values` is a scalar.
 * Internal.
 */
export function assertBatchAxis(caller: string, values: tf.Tensor, reduction: Reduction): void {
  if (values.rank === 0 && (reduction === 'batch-mean' || reduction === 'per-example')) {
    throw new LossError(
      'LOSS_BAD_RANK',
      `${caller}: reduction "${reduction}" needs a batch axis (the first axis), but the input ` +
        `is a scalar with shape ${formatShape(values.shape)}; pass shape [batch, ...] or use ` +
        `"mean", "sum" or "none".`,
    );
  }
}

/**
 * Reduces elementwise loss values.
 *
 * @param values Elementwise values, shape `[batch, ...]` (any rank ≥ 1; rank 0 only with
 *   `'mean'`, `'sum'` or `'none'`).
 * @param reduction See {@link Reduction}. Output shape: scalar for `'batch-mean'`, `'mean'`,
 *   `'sum'`; `[batch]` for `'per-example'`; the shape of `values` for `'none'`.
 * @returns A new tensor owned by the caller (dispose it). `values` is not disposed; with
 *   `'none'` the result is a clone sharing its data.
 * @throws LossError `LOSS_BAD_REDUCTION` for an unknown reduction, `LOSS_BAD_RANK` for a
 *   batch reduction of a scalar.
 */
export function reduce(values: tf.Tensor, reduction: Reduction): tf.Tensor {
  assertReduction('reduce', reduction);
  assertBatchAxis('reduce', values, reduction);
  return tf.tidy(() => reduceUnchecked(values, reduction));
}

/** {@link reduce} without validation, for use inside a loss's own `tf.tidy`. Internal. */
export function reduceUnchecked(values: tf.Tensor, reduction: Reduction): tf.Tensor {
  const nonBatchAxes = Array.from({ length: Math.max(values.rank - 1, 0) }, (_, i) => i + 1);
  switch (reduction) {
    case 'batch-mean':
      return tf.mean(perExample(values, nonBatchAxes));
    case 'per-example':
      return perExample(values, nonBatchAxes);
    case 'mean':
      return tf.mean(values);
    case 'sum':
      return tf.sum(values);
    case 'none':
      return tf.clone(values);
  }
}

function perExample(values: tf.Tensor, nonBatchAxes: number[]): tf.Tensor {
  return nonBatchAxes.length === 0 ? tf.clone(values) : tf.sum(values, nonBatchAxes);
}

/**
 * The upstream gradient of a reduction, shaped to broadcast against its input: what the
 * gradient of `reduceUnchecked(values, reduction)` hands each element of `values`. For a
 * loss with a closed-form elementwise gradient `g`, the input gradient is `g · upstream`.
 * Internal (for the fused gradients); call inside a gradient function.
 *
 * @param dy The gradient of the reduced output (its shape).
 * @param shape The shape of the elementwise values.
 */
export function reductionUpstream(
  dy: tf.Tensor,
  shape: readonly number[],
  reduction: Reduction,
): tf.Tensor {
  const size = shape.reduce((p, s) => p * s, 1);
  switch (reduction) {
    case 'batch-mean':
      return tf.div(dy, shape.length === 0 ? 1 : (shape[0] as number));
    case 'per-example':
      return shape.length <= 1
        ? dy
        : tf.reshape(dy, [shape[0] as number, ...shape.slice(1).map(() => 1)]);
    case 'mean':
      return tf.div(dy, size);
    case 'sum':
    case 'none':
      return dy;
  }
}
