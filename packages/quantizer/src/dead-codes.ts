/**
 * Dead-code restart: a code that (almost) no vector chooses gets no learning signal, so it is
 * moved onto a random input vector of the current batch where it has a chance to be used.
 */
import * as tf from '@tensorflow/tfjs-core';
import { oneHotRows } from './one-hot.js';

/** Arguments of {@link replaceDeadCodes}. */
export interface ReplaceDeadCodesArgs {
  /** `[K, D]` current codes. */
  codebook: tf.Tensor2D;
  /** `[K]` moving-average assignment counts per code. */
  clusterSize: tf.Tensor1D;
  /** `[K, D]` EMA code sums, when the codebook is learned by EMA (reset with the code). */
  codeSum?: tf.Tensor2D;
  /** `[N, D]` input vectors of the current batch. */
  x: tf.Tensor2D;
  /** A code with `clusterSize < threshold` is dead; its count restarts at `threshold`. */
  threshold: number;
  /** Seed of the choice of replacement vectors. */
  seed: number;
}

/** Result of {@link replaceDeadCodes}; every tensor is new and owned by the caller. */
export type ReplaceDeadCodesResult = {
  /** `[K, D]` codes, dead ones replaced by random rows of `x`. */
  codebook: tf.Tensor2D;
  /** `[K]` counts, dead ones reset to `threshold`. */
  clusterSize: tf.Tensor1D;
  /** `[K, D]` EMA sums consistent with the restarted codes (`code · threshold`), if given. */
  codeSum?: tf.Tensor2D;
  /** `[K]` float32 mask: 1 where a code was restarted. */
  restarted: tf.Tensor1D;
};

/**
 * Replaces every dead code with an input vector drawn uniformly (seeded) from the batch.
 * Pure: returns new tensors and changes nothing. Rows of live codes are copied exactly.
 */
export function replaceDeadCodes(args: ReplaceDeadCodesArgs): ReplaceDeadCodesResult {
  const { codebook, clusterSize, codeSum, x, threshold, seed } = args;
  const [k] = codebook.shape;
  const [n] = x.shape;
  return tf.tidy(() => {
    const dead = tf.cast(tf.less(clusterSize, threshold), 'float32'); // [K]
    const alive = tf.sub(1, dead);
    const draw = tf.minimum(
      tf.randomUniform([k], 0, n, 'int32', seed),
      tf.scalar(n - 1, 'int32'),
    ) as tf.Tensor1D;
    // oneHot · x instead of gather: also valid inside a gradient tape.
    const samples = tf.matMul(oneHotRows(draw, n), tf.cast(x, 'float32'));
    const deadCol = tf.reshape(dead, [k, 1]);
    const aliveCol = tf.reshape(alive, [k, 1]);
    const blend = (keep: tf.Tensor, fresh: tf.Tensor) =>
      tf.add(tf.mul(aliveCol, keep), tf.mul(deadCol, fresh));
    return {
      codebook: blend(codebook, samples) as tf.Tensor2D,
      clusterSize: tf.add(tf.mul(alive, clusterSize), tf.mul(dead, threshold)) as tf.Tensor1D,
      ...(codeSum ? { codeSum: blend(codeSum, tf.mul(samples, threshold)) as tf.Tensor2D } : {}),
      restarted: dead as tf.Tensor1D,
    };
  });
}
