/**
 * Mean absolute error (a Laplace negative log-likelihood with unit scale, up to a constant).
 */
import * as tf from '@tensorflow/tfjs-core';
import { absoluteValue } from './absolute-value.js';
import type { LossOptions } from './loss-function.js';
import { reduceUnchecked } from './reduction.js';
import { checkLossInputs } from './shape-check.js';

/**
 * Absolute error `ℓ(t, y) = |t − y|`, reduced.
 *
 * The default reduction is `'mean'` (mean over every element), the Keras convention, so
 * `meanAbsoluteError(t, y)` is the number Keras reports. For a reconstruction term next to a
 * KL pass `{ reduction: 'batch-mean' }`, or use {@link laplaceNll}, which adds the scale and
 * the normalising constant. The gradient with respect to `y` is `sign(y − t)`, 0 at `y = t`.
 *
 * @param target Targets, shape `[batch, ...]`. Any dtype; cast to float32.
 * @param prediction Predictions, the same shape as `target`.
 * @param options `reduction`, default `'mean'`.
 * @returns The reduced loss, a new tensor owned by the caller. Inputs are not disposed.
 * @throws LossError `LOSS_SHAPE_MISMATCH`, `LOSS_BAD_REDUCTION`, `LOSS_BAD_RANK`.
 */
export function meanAbsoluteError(
  target: tf.Tensor,
  prediction: tf.Tensor,
  options: LossOptions = {},
): tf.Tensor {
  const { reduction = 'mean' } = options;
  checkLossInputs('meanAbsoluteError', 'target', target, 'prediction', prediction, reduction);
  return tf.tidy(() => {
    const error = tf.sub(tf.cast(target, 'float32'), tf.cast(prediction, 'float32'));
    return reduceUnchecked(absoluteValue(error), reduction);
  });
}
