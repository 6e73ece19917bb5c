/**
 * Exponential-moving-average codebook learning (van den Oord et al. 2017, appendix A.1):
 * each code moves to the running mean of the vectors assigned to it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { oneHotRows } from './one-hot.js';

/** The moving averages an EMA codebook keeps. */
export type EmaState = {
  /** `[K]` moving average of how many vectors chose each code per batch. */
  clusterSize: tf.Tensor1D;
  /** `[K, D]` moving average of the sum of the vectors that chose each code. */
  codeSum: tf.Tensor2D;
};

/** Result of {@link emaUpdate}: the new averages and the codebook they define. */
export type EmaUpdateResult = EmaState & {
  /** `[K, D]` new codebook `codeSum / smoothed(clusterSize)`. */
  codebook: tf.Tensor2D;
};

/**
 * One EMA step. With `n_k` the batch count and `s_k` the batch sum of the vectors that chose
 * code `k`, `γ` the decay and `ε` the smoothing:
 *
 * ```text
 * N_k ← γ·N_k + (1 − γ)·n_k          m_k ← γ·m_k + (1 − γ)·s_k
 * Ñ_k = (N_k + ε) / (Σ_j N_j + K·ε) · Σ_j N_j   (Laplace smoothing)
 * e_k = m_k / Ñ_k
 * ```
 *
 * @param state The current averages; not disposed.
 * @param x Vectors `[N, D]` (no gradient flows into the averages).
 * @param indices int32 `[N]`, the code each vector chose.
 * @param options `decay` γ and `epsilon` ε.
 * @returns New tensors owned by the caller (assign them to your variables, then dispose).
 */
export function emaUpdate(
  state: EmaState,
  x: tf.Tensor2D,
  indices: tf.Tensor1D,
  options: { decay: number; epsilon: number },
): EmaUpdateResult {
  const { decay, epsilon } = options;
  const k = state.clusterSize.shape[0];
  return tf.tidy(() => {
    const oneHot = oneHotRows(indices, k); // [N, K]
    const counts = tf.sum(oneHot, 0); // [K]
    const sums = tf.matMul(oneHot, tf.cast(x, 'float32'), true, false); // [K, D]
    const clusterSize = tf.add(tf.mul(decay, state.clusterSize), tf.mul(1 - decay, counts));
    const codeSum = tf.add(tf.mul(decay, state.codeSum), tf.mul(1 - decay, sums));
    const total = tf.sum(clusterSize);
    const smoothed = tf.mul(
      tf.div(tf.add(clusterSize, epsilon), tf.add(total, k * epsilon)),
      total,
    );
    const codebook = tf.div(codeSum, tf.reshape(smoothed, [k, 1]));
    return {
      clusterSize: clusterSize as tf.Tensor1D,
      codeSum: codeSum as tf.Tensor2D,
      codebook: codebook as tf.Tensor2D,
    };
  });
}

/**
 * The count average alone, `N_k ← γ·N_k + (1 − γ)·n_k`: tracks code usage for dead-code
 * restarts when the codebook is trained by gradients.
 *
 * @returns `[K]`, owned by the caller.
 */
export function countMovingAverage(
  clusterSize: tf.Tensor1D,
  indices: tf.Tensor1D,
  decay: number,
): tf.Tensor1D {
  const k = clusterSize.shape[0];
  return tf.tidy(() => {
    const counts = tf.sum(oneHotRows(indices, k), 0);
    return tf.add(tf.mul(decay, clusterSize), tf.mul(1 - decay, counts)) as tf.Tensor1D;
  });
}
