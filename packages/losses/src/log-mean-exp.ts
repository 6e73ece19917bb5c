/**
 * A numerically stable `log(mean(exp(x)))` along one axis.
 */

import { describeValue } from '@ae/core';
import * as tf from '@tensorflow/tfjs-core';
import { LossError } from './loss-error.js';
import { formatShape } from './shape-check.js';

/** Options of {@link logMeanExp}. */
export interface LogMeanExpOptions {
  /** The axis to average over; negative counts from the end. Default −1 (the last axis). */
  axis?: number;
  /** Keep the reduced axis with size 1. Default `false`. */
  keepDims?: boolean;
}

/**
 * Validates `x` and `axis` for a reduction along one axis and returns the axis as a
 * non-negative index. Internal.
 *
 * @throws LossError `LOSS_BAD_RANK` (a scalar), `LOSS_BAD_OPTION` (axis not an integer in
 *   `[−rank, rank)`), `LOSS_EMPTY_AXIS` (the axis has size 0).
 */
export function checkAxis(caller: string, name: string, x: tf.Tensor, axis: unknown): number {
  if (x.rank === 0) {
    throw new LossError(
      'LOSS_BAD_RANK',
      `${caller}: ${name} is a scalar; pass a tensor with the axis to average over ` +
        '(e.g. shape [batch, K]).',
    );
  }
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -x.rank || axis >= x.rank) {
    throw new LossError(
      'LOSS_BAD_OPTION',
      `${caller}: axis ${describeValue(axis)} is invalid for ${name} of shape ` +
        `${formatShape(x.shape)}; pass an integer from ${-x.rank} to ${x.rank - 1}.`,
    );
  }
  const index = axis < 0 ? axis + x.rank : axis;
  if (x.shape[index] === 0) {
    throw new LossError(
      'LOSS_EMPTY_AXIS',
      `${caller}: axis ${axis} of ${name} (shape ${formatShape(x.shape)}) is empty; the mean ` +
        'of no values is undefined — pass at least one value along it.',
    );
  }
  return index;
}

/**
 * `log( (1/K) Σ_k exp(x_k) )` along `axis` (K its size), computed as
 * `m + log( (1/K) Σ_k exp(x_k − m) )` with `m = max_k x_k`, so it neither overflows for large
 * inputs (e.g. 80, where `exp` exceeds float32) nor underflows to `−∞` for very negative
 * ones (e.g. −10⁴). Entries of `−∞` count as zero weight; if all are `−∞` the result is `−∞`.
 * The gradient is the softmax of `x` along the axis.
 *
 * @param logWeights Values in log space (any dtype; cast to float32), rank ≥ 1.
 * @param options `axis`, default −1; `keepDims`, default `false`.
 * @returns A new tensor owned by the caller: the input shape without `axis` (or with size 1
 *   there if `keepDims`). The input is not disposed.
 * @throws LossError `LOSS_BAD_RANK`, `LOSS_BAD_OPTION`, `LOSS_EMPTY_AXIS`.
 */
export function logMeanExp(logWeights: tf.Tensor, options: LogMeanExpOptions = {}): tf.Tensor {
  const { axis = -1, keepDims = false } = options;
  const index = checkAxis('logMeanExp', 'logWeights', logWeights, axis);
  const size = logWeights.shape[index] as number;
  return tf.tidy(() => logMeanExpUnchecked(tf.cast(logWeights, 'float32'), index, size, keepDims));
}

/** {@link logMeanExp} without validation, inside the caller's `tf.tidy`. Internal. */
export function logMeanExpUnchecked(
  x: tf.Tensor,
  axis: number,
  size: number,
  keepDims: boolean,
): tf.Tensor {
  const max = tf.max(x, axis, true);
  // A row of −∞ (or +∞) has no finite shift; shifting by 0 there gives log 0 = −∞ (or +∞).
  const shift = tf.where(tf.isFinite(max), max, tf.zerosLike(max));
  const sum = tf.sum(tf.exp(tf.sub(x, shift)), axis, true);
  const result = tf.add(tf.sub(tf.log(sum), Math.log(size)), shift);
  return keepDims ? result : tf.squeeze(result, [axis]);
}
