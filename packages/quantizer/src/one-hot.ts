/**
 * One-hot rows built from elementwise ops that every backend computes right.
 *
 * `tf.oneHot(indices, k, 1, 0, 'float32')` on stock tfjs-backend-wasm 4.22 ignores the dtype
 * and writes int32 bit patterns into the float32 result (1 reads as 1.4e-45), so a codebook
 * lookup `oneHot · codebook` returns zeros. Here the row of index `i` is
 * `relu(1 − |i − j|)` over `j = 0 … k − 1`: exactly 1 at `j = i` and 0 elsewhere for integer
 * indices, from `cast`, `sub`, `abs` and `relu`, which are right on cpu, wasm, webgl and webgpu.
 * Its gradient is zero almost everywhere, as a one-hot's should be.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * float32 `[N, k]` one-hot rows of int32 `indices` `[N]` (an index outside `[0, k)` gives a
 * row of zeros). The caller owns the result.
 */
export function oneHotRows(indices: tf.Tensor, k: number): tf.Tensor2D {
  return tf.tidy(() => {
    const column = tf.reshape(tf.cast(indices, 'float32'), [-1, 1]); // [N, 1]
    const codes = tf.range(0, k, 1, 'float32'); // [k]
    return tf.relu(tf.sub(1, tf.abs(tf.sub(column, codes)))) as tf.Tensor2D;
  });
}
