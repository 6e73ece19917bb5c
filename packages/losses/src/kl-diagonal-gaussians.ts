/**
 * KL divergence between two diagonal Gaussians (a learned prior, a conditional prior, or
 * two posteriors).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LossOptions } from './loss-function.js';
import { reduceUnchecked } from './reduction.js';
import { assertSameShape, checkLossInputs } from './shape-check.js';

/**
 * `KL(q ‖ p)` for `q = N(μ₁, diag σ₁²)` and `p = N(μ₂, diag σ₂²)`, with `σᵢ² = exp(logVarᵢ)`,
 * in closed form per dimension:
 *
 * `KL = ½ (log σ₂² − log σ₁² + (σ₁² + (μ₁ − μ₂)²) / σ₂² − 1)`
 *
 * computed as `½ (expm1(Δ) − Δ + (μ₁ − μ₂)²·exp(−logVar₂))` with `Δ = logVar₁ − logVar₂`,
 * which keeps precision when the variances are close. With `μ₂ = 0`, `logVar₂ = 0` this is
 * exactly {@link klStandardNormal}. The divergence is not symmetric: `q` (the first pair) is
 * the distribution the expectation is taken under, typically the encoder's posterior.
 *
 * Gradients: `∂/∂μ₁ = (μ₁ − μ₂)/σ₂²`, `∂/∂logVar₁ = ½ (σ₁²/σ₂² − 1)`,
 * `∂/∂logVar₂ = ½ (1 − (σ₁² + (μ₁ − μ₂)²)/σ₂²)`.
 *
 * @param mean1 Means μ₁ of q, shape `[batch, latentDim]` (any shape `[batch, ...]`).
 * @param logVar1 Log-variances of q, the same shape.
 * @param mean2 Means μ₂ of p, the same shape (no broadcasting: tile a shared prior first).
 * @param logVar2 Log-variances of p, the same shape.
 * @param options `reduction`, default `'batch-mean'` (KL per example summed over latent
 *   dimensions, mean over the batch — the VAE convention).
 * @returns The reduced KL, a new tensor owned by the caller. Inputs are not disposed.
 * @throws LossError `LOSS_SHAPE_MISMATCH` (naming the pair that differs),
 *   `LOSS_BAD_REDUCTION`, `LOSS_BAD_RANK`.
 */
export function klDiagonalGaussians(
  mean1: tf.Tensor,
  logVar1: tf.Tensor,
  mean2: tf.Tensor,
  logVar2: tf.Tensor,
  options: LossOptions = {},
): tf.Tensor {
  const { reduction = 'batch-mean' } = options;
  const caller = 'klDiagonalGaussians';
  checkLossInputs(caller, 'mean1', mean1, 'logVar1', logVar1, reduction);
  assertSameShape(caller, 'mean1', mean1, 'mean2', mean2);
  assertSameShape(caller, 'mean2', mean2, 'logVar2', logVar2);
  return tf.tidy(() => {
    const lv2 = tf.cast(logVar2, 'float32');
    const delta = tf.sub(tf.cast(logVar1, 'float32'), lv2);
    const distance = tf.squaredDifference(tf.cast(mean1, 'float32'), tf.cast(mean2, 'float32'));
    const values = tf.mul(
      0.5,
      tf.add(tf.sub(tf.expm1(delta), delta), tf.mul(distance, tf.exp(tf.neg(lv2)))),
    );
    return reduceUnchecked(values, reduction);
  });
}
