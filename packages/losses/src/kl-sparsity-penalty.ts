/**
 * The KL sparsity penalty on mean unit activations (Ng's sparse autoencoder).
 */
import * as tf from '@tensorflow/tfjs-core';
import { LossError } from './loss-error.js';
import { checkEpsilon, checkNumber, checkReductionAmong } from './option-check.js';
import { formatShape } from './shape-check.js';

/** The reductions {@link klSparsityPenalty} supports: over units (the batch is averaged). */
export type SparsityReduction = 'sum' | 'mean' | 'none';

/** Options of {@link klSparsityPenalty}. */
export interface KlSparsityPenaltyOptions {
  /** Target mean activation ρ of every unit, strictly between 0 and 1 (e.g. 0.05). Required. */
  target: number;
  /**
   * How the per-unit divergences are combined. The batch is already averaged inside `ρ̂`, so
   * only reductions over units apply:
   *
   * - `'sum'` (default): `Σ_j KL(ρ ‖ ρ̂_j)` → scalar. It is on the scale of the other
   *   `'batch-mean'` terms (a sum over features of a batch average).
   * - `'mean'`: the mean over units → scalar.
   * - `'none'`: one value per unit, shape `activations.shape.slice(1)`.
   *
   * `'batch-mean'` and `'per-example'` are rejected: there is no per-example value.
   */
  reduction?: SparsityReduction;
  /**
   * ρ̂ is clipped to `[ε, 1 − ε]` before the logarithms, so dead (always 0) or saturated
   * (always 1) units give a finite penalty and gradient; the gradient is 0 where the clip is
   * active. Default `1e-7`; `0 < ε < 0.5`.
   */
  epsilon?: number;
}

/**
 * `Σ_j KL(ρ ‖ ρ̂_j)`, the divergence between Bernoulli(ρ) and Bernoulli(ρ̂_j) for each unit j,
 * where `ρ̂_j` is unit j's mean activation over the batch:
 *
 * `KL(ρ ‖ ρ̂) = ρ log(ρ/ρ̂) + (1 − ρ) log((1 − ρ)/(1 − ρ̂))`
 *
 * with each log-ratio computed as `log1p` of the relative difference when ρ̂ is near ρ and as
 * a difference of logarithms otherwise, so it keeps precision both for ρ̂ ≈ ρ and for dead
 * units (ρ̂ ≪ ρ). It is 0 when `ρ̂_j = ρ` and grows without bound as ρ̂_j approaches 0
 * or 1. Activations are expected in (0, 1), e.g. sigmoid outputs; multiply the result by
 * the weight you want (often called β).
 *
 * @param activations Hidden activations, shape `[batch, units]` (any shape `[batch, ...]`:
 *   every non-batch position is a unit). Any dtype; cast to float32.
 * @param options `target` ρ (required); `reduction`, default `'sum'`; `epsilon`, default
 *   `1e-7`.
 * @returns The penalty, a new tensor owned by the caller. The input is not disposed.
 * @throws LossError `LOSS_BAD_RANK` (a scalar), `LOSS_EMPTY_AXIS` (an empty batch),
 *   `LOSS_BAD_REDUCTION`, `LOSS_BAD_OPTION` (target not in (0, 1), bad epsilon,
 *   `'batch-mean'` or `'per-example'`).
 */
export function klSparsityPenalty(
  activations: tf.Tensor,
  options: KlSparsityPenaltyOptions,
): tf.Tensor {
  const {
    reduction = 'sum',
    target,
    epsilon = 1e-7,
  } = (options ?? {}) as Partial<KlSparsityPenaltyOptions>;
  const caller = 'klSparsityPenalty';
  checkReductionAmong(
    caller,
    reduction,
    ['sum', 'mean', 'none'],
    'the penalty compares each unit’s mean activation over the batch with the target, so ' +
      'there is no value per example',
  );
  checkNumber(caller, 'target', target, 'open-unit', 'the target mean activation ρ, e.g. 0.05');
  checkEpsilon(caller, epsilon);
  if (epsilon >= 0.5) {
    throw new LossError(
      'LOSS_BAD_OPTION',
      `${caller}: epsilon ${epsilon} leaves no room to clip ρ̂ to [epsilon, 1 − epsilon]; ` +
        'use a value below 0.5 (e.g. the default 1e-7).',
    );
  }
  if (activations.rank === 0) {
    throw new LossError(
      'LOSS_BAD_RANK',
      `${caller}: activations is a scalar; pass shape [batch, units] (the first axis is ` +
        'averaged over to get each unit’s mean activation).',
    );
  }
  if (activations.shape[0] === 0) {
    throw new LossError(
      'LOSS_EMPTY_AXIS',
      `${caller}: activations shape ${formatShape(activations.shape)} has an empty batch; ` +
        'a mean activation needs at least one example.',
    );
  }
  const rho = target;
  return tf.tidy(() => {
    const rhoHat = tf.clipByValue(
      tf.mean(tf.cast(activations, 'float32'), 0),
      epsilon,
      1 - epsilon,
    );
    const delta = tf.sub(rhoHat, rho);
    const logRatio = tf.neg(logRatioOf(delta, rho, tf.log(rhoHat))); // log(ρ/ρ̂)
    const logRatioComplement = tf.neg(logRatioOf(tf.neg(delta), 1 - rho, tf.log1p(tf.neg(rhoHat))));
    const values = tf.add(tf.mul(logRatio, rho), tf.mul(logRatioComplement, 1 - rho));
    if (reduction === 'none') return values;
    return reduction === 'sum' ? tf.sum(values) : tf.mean(values);
  });
}

/**
 * `log(x/r)` for `x = r + d`, accurate both near r and far from it: `log1p(d/r)` while
 * `|d/r| ≤ ½` (no cancellation when x ≈ r), else `log x − log r` (no rounding of a tiny x
 * away inside `d`). Both branches are evaluated on finite inputs, so neither gives a NaN
 * gradient. Call inside `tf.tidy`.
 *
 * @param d `x − r`.
 * @param r The reference value, a number in (0, 1).
 * @param logX `log x`, for the far branch.
 */
function logRatioOf(d: tf.Tensor, r: number, logX: tf.Tensor): tf.Tensor {
  const relative = tf.div(d, r);
  // greaterEqual, not less: tfjs registers a (zero) gradient for GreaterEqual but none for Less.
  const near = tf.greaterEqual(0.5, tf.abs(relative));
  const safe = tf.where(near, relative, tf.zerosLike(relative));
  return tf.where(near, tf.log1p(safe), tf.sub(logX, Math.log(r)));
}
