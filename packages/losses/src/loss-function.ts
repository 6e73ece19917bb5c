/**
 * The shape every reconstruction loss in this package has, so models and trainers can
 * accept "a loss" without knowing which.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Reduction } from './reduction.js';

/** Options every loss accepts. */
export interface LossOptions {
  /**
   * How the elementwise values are reduced (see {@link Reduction}). Each loss documents its
   * own default.
   */
  reduction?: Reduction;
}

/**
 * A reconstruction loss: `(target, prediction, options) → loss`.
 *
 * `target` and `prediction` have the same shape `[batch, ...]` (no broadcasting). The result
 * has the shape the reduction gives and is owned by the caller. Inputs are never disposed.
 *
 * @example
 * const loss: LossFunction = binaryCrossEntropyWithLogits;
 * const value = loss(x, logits, { reduction: 'batch-mean' });
 */
export type LossFunction<Options extends LossOptions = LossOptions> = (
  target: tf.Tensor,
  prediction: tf.Tensor,
  options?: Options,
) => tf.Tensor;
