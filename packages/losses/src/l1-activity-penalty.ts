/**
 * L1 penalty on hidden activations (a sparse autoencoder's regulariser).
 */
import * as tf from '@tensorflow/tfjs-core';
import { absoluteValue } from './absolute-value.js';
import type { LossOptions } from './loss-function.js';
import { checkNumber } from './option-check.js';
import { assertBatchAxis, assertReduction, reduceUnchecked } from './reduction.js';

/** Options of {@link l1ActivityPenalty}. */
export interface L1ActivityPenaltyOptions extends LossOptions {
  /** Weight λ ≥ 0 multiplying the penalty. Default 1 (the bare `Σ|a|`). */
  weight?: number;
}

/**
 * `λ · |a|` per activation, reduced: with the default `'batch-mean'`, `λ · Σ_j |a_bj|` summed
 * over units and averaged over the batch (what a Keras L1 activity regulariser adds to the
 * loss). Works for any activations (ReLU, tanh, linear). The gradient is `λ·sign(a)·w`, 0 for
 * activations that are exactly 0, so units a ReLU switched off are left alone.
 *
 * @param activations Hidden activations, shape `[batch, units]` (any shape `[batch, ...]`).
 *   Any dtype; cast to float32.
 * @param options `weight` λ, default 1; `reduction`, default `'batch-mean'`; every
 *   reduction applies (`'none'` gives `λ·|a|` per activation).
 * @returns The reduced penalty, a new tensor owned by the caller. The input is not disposed.
 * @throws LossError `LOSS_BAD_REDUCTION`, `LOSS_BAD_RANK`, `LOSS_BAD_OPTION` (weight
 *   negative or not finite).
 */
export function l1ActivityPenalty(
  activations: tf.Tensor,
  options: L1ActivityPenaltyOptions = {},
): tf.Tensor {
  const { reduction = 'batch-mean', weight = 1 } = options;
  const caller = 'l1ActivityPenalty';
  assertReduction(caller, reduction);
  assertBatchAxis(caller, activations, reduction);
  checkNumber(caller, 'weight', weight, 'non-negative', 'the penalty weight λ, e.g. 1e-3');
  return tf.tidy(() => {
    const magnitude = absoluteValue(tf.cast(activations, 'float32'));
    const values = weight === 1 ? magnitude : tf.mul(magnitude, weight);
    return reduceUnchecked(values, reduction);
  });
}
