/**
 * KL divergences of diagonal Gaussians (the VAE regulariser).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LossOptions } from './loss-function.js';
import { type Reduction, reduceUnchecked, reductionUpstream } from './reduction.js';
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
  return tf.tidy(() => klStandardNormalReduced(mean, logVar, reduction));
}

const klByReduction = new Map<Reduction, (mean: tf.Tensor, logVar: tf.Tensor) => tf.Tensor>();

/**
 * The reduced KL to N(0, I) as one differentiable op (`tf.customGrad`): forward
 * `½ (expm1(logVar) − logVar + μ²)` reduced, backward the closed form `∂/∂μ = μ`,
 * `∂/∂logVar = ½ expm1(logVar)` times the reduction's
 * upstream gradient. Inputs are cast to float32 outside, so their own gradients flow.
 * Internal (also behind the β and capacity KL terms); call inside `tf.tidy`.
 */
export function klStandardNormalReduced(
  mean: tf.Tensor,
  logVar: tf.Tensor,
  reduction: Reduction,
): tf.Tensor {
  let fused = klByReduction.get(reduction);
  if (fused === undefined) {
    fused = tf.customGrad((m, l, save) => {
      const mu = m as tf.Tensor;
      const lv = l as tf.Tensor;
      // Only inputs are saved (an intermediate kept for the backward pass would count as
      // a leaked kernel output under tfjs's IS_TEST checks); expm1 is recomputed there.
      (save as tf.GradSaveFunc)([mu, lv]);
      const values = tf.mul(0.5, tf.add(tf.sub(tf.expm1(lv), lv), tf.square(mu)));
      return {
        value: reduceUnchecked(values, reduction),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [mus, lvs] = saved as [tf.Tensor, tf.Tensor];
          const up = reductionUpstream(dy, mus.shape, reduction);
          return [tf.mul(mus, up), tf.mul(tf.expm1(lvs), tf.mul(up, 0.5))];
        },
      };
    }) as (mean: tf.Tensor, logVar: tf.Tensor) => tf.Tensor;
    klByReduction.set(reduction, fused);
  }
  return fused(tf.cast(mean, 'float32'), tf.cast(logVar, 'float32'));
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
