/**
 * The capacity-controlled KL term (Burgess et al. 2018, "Understanding disentangling in
 * β-VAE").
 */
import * as tf from '@tensorflow/tfjs-core';
import { absoluteValue } from './absolute-value.js';
import { klStandardNormalReduced } from './kl-divergence.js';
import { checkNumber, checkReductionAmong } from './option-check.js';
import { checkLossInputs } from './shape-check.js';

/** The reductions {@link capacityKl} supports. */
export type CapacityKlReduction = 'batch-mean' | 'per-example';

/** Options of {@link capacityKl}. */
export interface CapacityKlOptions {
  /**
   * Weight γ ≥ 0 of the penalty. Burgess et al. use γ = 1000 (with a per-example summed
   * reconstruction loss). Required.
   */
  gamma: number;
  /**
   * Target capacity C ≥ 0 in nats, the KL the latent code is allowed to carry. Typically
   * increased linearly during training, e.g. from 0 to 25 nats: pass
   * `linearCapacity(...)(step)`. Required.
   */
  capacity: number;
  /**
   * Where `|KL − C|` is taken; default `'batch-mean'`.
   *
   * - `'batch-mean'`: `γ·|mean_b KL_b − C|`, the batch-mean KL pulled towards C → scalar.
   * - `'per-example'`: `γ·|KL_b − C|` for each example → `[batch]`.
   *
   * The mean of the `'per-example'` result is not the `'batch-mean'` result: it is larger
   * whenever some examples are above C and others below. `'mean'`, `'sum'` and `'none'` are
   * rejected: C is a budget for a whole example's KL, not for one latent dimension or element.
   */
  reduction?: CapacityKlReduction;
}

/**
 * `γ · |KL − C|` with `KL = KL(N(μ, diag σ²) ‖ N(0, I))` summed over latent dimensions: the
 * objective pushes the KL towards the capacity C from either side. The gradient is
 * `γ·sign(KL − C)·∂KL`, 0 when the KL equals C exactly.
 *
 * @param mean Posterior means μ, shape `[batch, latentDim]` (any shape `[batch, ...]`).
 * @param logVar Posterior log-variances, the same shape as `mean`.
 * @param options `gamma` and `capacity` (required, finite, ≥ 0); `reduction`, default
 *   `'batch-mean'` (see {@link CapacityKlOptions.reduction}).
 * @returns A scalar (`'batch-mean'`) or `[batch]` (`'per-example'`), owned by the caller.
 *   Inputs are not disposed.
 * @throws LossError `LOSS_SHAPE_MISMATCH`, `LOSS_BAD_REDUCTION`, `LOSS_BAD_RANK`,
 *   `LOSS_BAD_OPTION` (γ or C missing, negative or not finite; reduction `'mean'`, `'sum'`
 *   or `'none'`).
 */
export function capacityKl(
  mean: tf.Tensor,
  logVar: tf.Tensor,
  options: CapacityKlOptions,
): tf.Tensor {
  const {
    reduction = 'batch-mean',
    gamma,
    capacity,
  } = (options ?? {}) as Partial<CapacityKlOptions>;
  const caller = 'capacityKl';
  checkReductionAmong(
    caller,
    reduction,
    ['batch-mean', 'per-example'],
    'the capacity C bounds the KL of a whole example',
  );
  checkLossInputs(caller, 'mean', mean, 'logVar', logVar, reduction);
  checkNumber(caller, 'gamma', gamma, 'non-negative', 'the penalty weight, e.g. 1000');
  checkNumber(caller, 'capacity', capacity, 'non-negative', 'the target KL in nats, e.g. 25');
  return tf.tidy(() => {
    const kl = klStandardNormalReduced(mean, logVar, reduction);
    return tf.mul(absoluteValue(tf.sub(kl, capacity)), gamma);
  });
}
