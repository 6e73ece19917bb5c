/**
 * The β-weighted KL term of a β-VAE.
 */
import * as tf from '@tensorflow/tfjs-core';
import { klStandardNormalReduced } from './kl-divergence.js';
import type { LossOptions } from './loss-function.js';
import { checkNumber } from './option-check.js';
import { checkLossInputs } from './shape-check.js';

/** Options of {@link betaKl}. */
export interface BetaKlOptions extends LossOptions {
  /**
   * Weight β ≥ 0 of the KL term (Higgins et al. 2017, "β-VAE"): β = 1 is the plain VAE,
   * β > 1 trades reconstruction for a more factorised latent space. Required; pass a
   * schedule's value (e.g. `linearWarmup(...)(step)`) to anneal it.
   */
  beta: number;
}

/**
 * `β · KL(N(μ, diag σ²) ‖ N(0, I))`, the β-VAE regulariser: {@link klStandardNormal} scaled
 * by β, for every reduction.
 *
 * @param mean Posterior means μ, shape `[batch, latentDim]` (any shape `[batch, ...]`).
 * @param logVar Posterior log-variances, the same shape as `mean`.
 * @param options `beta` (required, finite, ≥ 0); `reduction`, default `'batch-mean'`.
 * @returns The reduced, weighted KL, a new tensor owned by the caller. Inputs are not
 *   disposed.
 * @throws LossError `LOSS_SHAPE_MISMATCH`, `LOSS_BAD_REDUCTION`, `LOSS_BAD_RANK`,
 *   `LOSS_BAD_OPTION` (β missing, negative or not finite).
 */
export function betaKl(mean: tf.Tensor, logVar: tf.Tensor, options: BetaKlOptions): tf.Tensor {
  const { reduction = 'batch-mean', beta } = (options ?? {}) as Partial<BetaKlOptions>;
  const caller = 'betaKl';
  checkLossInputs(caller, 'mean', mean, 'logVar', logVar, reduction);
  checkNumber(caller, 'beta', beta, 'non-negative', 'the KL weight, e.g. 4');
  return tf.tidy(() => tf.mul(klStandardNormalReduced(mean, logVar, reduction), beta));
}
