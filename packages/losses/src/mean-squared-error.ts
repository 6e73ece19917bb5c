/**
 * Mean squared error (a Gaussian negative log-likelihood with unit variance, up to
 * constants and a factor ½).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LossOptions } from './loss-function.js';
import { reduceUnchecked } from './reduction.js';
import { checkLossInputs } from './shape-check.js';

/**
 * Squared error `ℓ(t, y) = (t − y)²`, reduced.
 *
 * The default reduction is `'mean'` (mean over every element), the Keras convention, so
 * `meanSquaredError(t, y)` is the number Keras reports. For a VAE reconstruction term pass
 * `{ reduction: 'batch-mean' }` (sum over features, mean over the batch): with `'mean'` the
 * reconstruction term shrinks by the number of features and the KL term dominates.
 *
 * @param target Targets, shape `[batch, ...]`. Any dtype; cast to float32.
 * @param prediction Predictions, the same shape as `target`.
 * @param options `reduction`, default `'mean'`.
 * @returns The reduced loss, a new tensor owned by the caller. Inputs are not disposed.
 * @throws LossError `LOSS_SHAPE_MISMATCH`, `LOSS_BAD_REDUCTION`, `LOSS_BAD_RANK`.
 */
export function meanSquaredError(
  target: tf.Tensor,
  prediction: tf.Tensor,
  options: LossOptions = {},
): tf.Tensor {
  const { reduction = 'mean' } = options;
  const caller = 'meanSquaredError';
  checkLossInputs(caller, 'target', target, 'prediction', prediction, reduction);
  return tf.tidy(() => {
    const values = tf.squaredDifference(tf.cast(target, 'float32'), tf.cast(prediction, 'float32'));
    return reduceUnchecked(values, reduction);
  });
}
