/**
 * KL divergences of diagonal Gaussians (the VAE regulariser).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LossOptions } from './loss-function.js';
import { reduceUnchecked } from './reduction.js';
import { checkLossInputs } from './shape-check.js';

/**
 * KL divergence from a diagonal Gaussian to the standard normal,
 * `KL(N(μ, diag σ²) ‖ N(0, I))`, with `σ² = exp(logVar)`:
 *
 * `KL = ½ Σ_d (σ²_d + μ²_d − 1 − log σ²_d)`
 *
 * computed per element as `½ (expm1(logVar) − logVar + μ²)`, which keeps precision when
 * `logVar ≈ 0` (there `exp(logVar) − 1 − logVar` would cancel in float32). Gradients:
 * `∂/∂μ = μ`, `∂/∂logVar = ½ (exp(logVar) − 1)`. `logVar` above ~88 overflows float32
 * (`exp`); clamp it in the encoder head if that can happen.
 *
 * @param mean Posterior means μ, shape `[batch, latentDim]` (any shape `[batch, ...]`).
 * @param logVar Posterior log-variances `log σ²`, the same shape as `mean`.
 * @param options `reduction`, default `'batch-mean'` (KL per example summed over latent
 *   dimensions, mean over the batch — the VAE convention). `'per-example'` gives the KL of
 *   each example, shape `[batch]`; `'none'` the KL per latent dimension, shape of `mean`.
 * @returns The reduced KL, a new tensor owned by the caller. Inputs are not disposed.
 * @throws LossError `LOSS_SHAPE_MISMATCH`, `LOSS_BAD_REDUCTION`, `LOSS_BAD_RANK`.
 */
export function klStandardNormal(
  mean: tf.Tensor,
  logVar: tf.Tensor,
  options: LossOptions = {},
): tf.Tensor {
  const { reduction = 'batch-mean' } = options;
  const caller = 'klStandardNormal';
  checkLossInputs(caller, 'mean', mean, 'logVar', logVar, reduction);
  return tf.tidy(() => reduceUnchecked(klStandardNormalElementwise(mean, logVar), reduction));
}

/**
 * The unreduced KL to N(0, 1) per element, `½ (expm1(logVar) − logVar + μ²)`, without input
 * checks. Internal (for the weighted KL terms); call inside `tf.tidy`.
 */
export function klStandardNormalElementwise(mean: tf.Tensor, logVar: tf.Tensor): tf.Tensor {
  const mu = tf.cast(mean, 'float32');
  const lv = tf.cast(logVar, 'float32');
  return tf.mul(0.5, tf.add(tf.sub(tf.expm1(lv), lv), tf.square(mu)));
}
