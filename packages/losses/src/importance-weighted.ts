/**
 * The importance-weighted estimate of the log-likelihood (Burda et al. 2016, "Importance
 * Weighted Autoencoders").
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkAxis, logMeanExpUnchecked } from './log-mean-exp.js';
import { LossError } from './loss-error.js';
import type { LossOptions } from './loss-function.js';
import { assertReduction, reduceUnchecked } from './reduction.js';
import { formatShape } from './shape-check.js';

/**
 * `log p̂(x) = log( (1/K) Σ_k w_k )` per example, with log-weights
 * `log w_k = log p(x, z_k) − log q(z_k | x)` for K samples `z_k ~ q(z | x)`. This is a lower
 * bound on `log p(x)` in expectation, tighter than the ELBO (its K = 1 case) and tightening as
 * K grows; use it to report test log-likelihoods, or negate it as the IWAE training loss.
 * Computed with {@link logMeanExp} (max-shifted), so log-weights of −10⁴ or +80 are fine.
 *
 * This is a log-likelihood (higher is better), not a loss.
 *
 * @param logWeights Log importance weights, shape `[batch, K]`: one row per example, one
 *   column per sample (batch first, like every input of this package). Any dtype; cast to
 *   float32.
 * @param options `reduction` of the per-example values, default `'batch-mean'` (the mean
 *   over the batch → scalar). `'per-example'` and `'none'` give the `[batch]` values, `'mean'`
 *   equals `'batch-mean'` (one value per example), `'sum'` sums over the batch.
 * @returns A new tensor owned by the caller. The input is not disposed.
 * @throws LossError `LOSS_BAD_RANK` (not rank 2), `LOSS_EMPTY_AXIS` (K = 0),
 *   `LOSS_BAD_REDUCTION`.
 */
export function importanceWeightedLogLikelihood(
  logWeights: tf.Tensor,
  options: LossOptions = {},
): tf.Tensor {
  const { reduction = 'batch-mean' } = options;
  const caller = 'importanceWeightedLogLikelihood';
  assertReduction(caller, reduction);
  if (logWeights.rank !== 2) {
    throw new LossError(
      'LOSS_BAD_RANK',
      `${caller}: logWeights has shape ${formatShape(logWeights.shape)}; pass shape ` +
        '[batch, K] (one row per example, one column per importance sample).',
    );
  }
  const samples = checkAxis(caller, 'logWeights', logWeights, 1);
  return tf.tidy(() => {
    const x = tf.cast(logWeights, 'float32');
    const perExample = logMeanExpUnchecked(x, samples, logWeights.shape[1] as number, false);
    return reduceUnchecked(perExample, reduction);
  });
}
