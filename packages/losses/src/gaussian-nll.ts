/**
 * Gaussian negative log-likelihood, with a fixed or a learned (per-element) variance.
 */

import { describeValue } from '@ae/core';
import * as tf from '@tensorflow/tfjs-core';
import { LossError } from './loss-error.js';
import type { LossOptions } from './loss-function.js';
import { checkBoolean, checkNumber } from './option-check.js';
import { reduceUnchecked } from './reduction.js';
import { assertSameShape, checkLossInputs } from './shape-check.js';

/** `½ log(2π)`, the normalising constant of a unit Gaussian per element. */
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** Options of {@link gaussianNll}. Give at most one of `variance` and `logVar`. */
export interface GaussianNllOptions extends LossOptions {
  /**
   * Fixed variance σ² of every element (a number > 0). Default 1 when `logVar` is not given.
   * With `variance: 1` and `includeConstant: false` the loss is `½ (t − μ)²`.
   */
  variance?: number;
  /**
   * Learned log-variance `log σ²` per element (e.g. a decoder's second head), the same shape
   * as `mean`; gradients flow into it. Values below about −87 overflow `exp(−logVar)` in
   * float32: bound it in the model if that can happen.
   */
  logVar?: tf.Tensor;
  /**
   * Whether to add the constant `½ log(2π)` per element. Default `true`: the result is the
   * full negative log-density in nats, comparable across models and with the KL term. Set
   * `false` to drop it (gradients are the same).
   */
  includeConstant?: boolean;
}

/**
 * Gaussian negative log-likelihood of `target` under `N(mean, σ²)`, per element:
 *
 * `ℓ(t, μ, σ²) = ½ log(2π) + ½ log σ² + (t − μ)² / (2σ²)`
 *
 * with σ² either the fixed number `variance` (default 1) or `exp(logVar)` for a learned
 * per-element `logVar` tensor (computed as `½ (logVar + (t − μ)² · exp(−logVar))`).
 * Gradients: `∂/∂μ = (μ − t)/σ²`, `∂/∂logVar = ½ (1 − (t − μ)²/σ²)`.
 *
 * @param target Observed values, shape `[batch, ...]`. Any dtype; cast to float32.
 * @param mean Predicted means μ, the same shape as `target`.
 * @param options `variance` or `logVar`; `includeConstant`, default `true`; `reduction`,
 *   default `'batch-mean'` (sum over features, mean over the batch — the VAE convention).
 * @returns The reduced loss, a new tensor owned by the caller. Inputs are not disposed.
 * @throws LossError `LOSS_SHAPE_MISMATCH` (`target`, `mean`, `logVar`),
 *   `LOSS_BAD_REDUCTION`, `LOSS_BAD_RANK`, `LOSS_BAD_OPTION` (variance not > 0, both
 *   `variance` and `logVar`, `includeConstant` not a boolean).
 */
export function gaussianNll(
  target: tf.Tensor,
  mean: tf.Tensor,
  options: GaussianNllOptions = {},
): tf.Tensor {
  const { reduction = 'batch-mean', variance, logVar, includeConstant = true } = options;
  const caller = 'gaussianNll';
  checkLossInputs(caller, 'target', target, 'mean', mean, reduction);
  if (logVar !== undefined) {
    if (variance !== undefined) {
      throw new LossError(
        'LOSS_BAD_OPTION',
        `${caller}: both variance (${describeValue(variance)}) and logVar were given; pass ` +
          'variance for a fixed variance or logVar for a learned one, not both.',
      );
    }
    assertSameShape(caller, 'mean', mean, 'logVar', logVar);
  } else if (variance !== undefined) {
    checkNumber(caller, 'variance', variance, 'positive', 'the fixed variance σ², e.g. 1');
  }
  checkBoolean(caller, 'includeConstant', includeConstant);
  const constant = includeConstant ? HALF_LOG_TWO_PI : 0;
  return tf.tidy(() => {
    const squared = tf.squaredDifference(tf.cast(target, 'float32'), tf.cast(mean, 'float32'));
    let values: tf.Tensor;
    if (logVar === undefined) {
      const v = variance ?? 1;
      values = tf.add(tf.mul(squared, 0.5 / v), constant + 0.5 * Math.log(v));
    } else {
      const lv = tf.cast(logVar, 'float32');
      values = tf.mul(0.5, tf.add(lv, tf.mul(squared, tf.exp(tf.neg(lv)))));
      if (constant !== 0) values = tf.add(values, constant);
    }
    return reduceUnchecked(values, reduction);
  });
}
