/**
 * Nearest-code search: squared distances between vectors and codes, the argmin, and the
 * gradient-friendly code lookup.
 */
import * as tf from '@tensorflow/tfjs-core';
import { oneHotRows } from './one-hot.js';
import { checkCodebook, checkVectors, QuantizerError } from './quantizer-error.js';

/**
 * Squared Euclidean distances `‖x_n − c_k‖²` between every vector and every code, computed as
 * `‖x‖² − 2·x·Cᵀ + ‖c‖²` with one matrix product (memory `N×K`, never `N×K×D`), clamped at 0
 * (cancellation can make the expansion slightly negative).
 *
 * @param x Vectors `[N, D]`.
 * @param codebook Codes `[K, D]`.
 * @returns `[N, K]` float32, a new tensor owned by the caller. Inputs are not disposed.
 * @throws QuantizerError `QUANTIZER_BAD_SHAPE` if `x` is not `[N, D]` or `codebook` not `[K, D]`.
 */
export function squaredDistances(x: tf.Tensor, codebook: tf.Tensor): tf.Tensor2D {
  const where = 'squaredDistances';
  const [, d] = checkCodebook(where, codebook.shape);
  checkRank2(where, x, d);
  return tf.tidy(() => {
    const xs = tf.cast(x, 'float32');
    const cs = tf.cast(codebook, 'float32');
    const xNorm = tf.sum(tf.square(xs), 1, true); // [N, 1]
    const cNorm = tf.reshape(tf.sum(tf.square(cs), 1), [1, -1]); // [1, K]
    const cross = tf.matMul(xs, cs, false, true); // [N, K]
    return tf.relu(tf.add(tf.sub(xNorm, tf.mul(2, cross)), cNorm)) as tf.Tensor2D;
  });
}

/**
 * Index of the nearest code of every vector (the first one on ties).
 *
 * @param x Vectors `[N, D]`.
 * @param codebook Codes `[K, D]`.
 * @returns `[N]` int32 indices in `[0, K)`, owned by the caller.
 * @throws QuantizerError `QUANTIZER_BAD_SHAPE`.
 */
export function nearestCodes(x: tf.Tensor, codebook: tf.Tensor): tf.Tensor1D {
  const where = 'nearestCodes';
  const [, d] = checkCodebook(where, codebook.shape);
  checkRank2(where, x, d);
  return tf.tidy(
    () => tf.cast(tf.argMin(squaredDistances(x, codebook), 1), 'int32') as tf.Tensor1D,
  );
}

/**
 * The codes at `indices`, as `oneHot(indices, K) · codebook`. Unlike `tf.gather`, this works
 * inside `tf.grad` / `optimizer.minimize` with indices computed in the same function, and its
 * gradient w.r.t. the codebook is the sum of the upstream gradients of the rows that chose
 * each code.
 *
 * @param indices int32 `[N]` in `[0, K)`.
 * @param codebook Codes `[K, D]`.
 * @returns `[N, D]` float32, owned by the caller.
 * @throws QuantizerError `QUANTIZER_BAD_DTYPE` / `QUANTIZER_BAD_SHAPE`.
 */
export function lookupCodes(indices: tf.Tensor, codebook: tf.Tensor): tf.Tensor2D {
  const where = 'lookupCodes';
  const [k] = checkCodebook(where, codebook.shape);
  checkIndices(where, indices);
  return tf.tidy(
    () => tf.matMul(oneHotRows(indices, k), tf.cast(codebook, 'float32')) as tf.Tensor2D,
  );
}

/** Throws unless `indices` is an int32 tensor, of rank 1 unless `anyRank`. */
export function checkIndices(where: string, indices: tf.Tensor, anyRank = false): void {
  if (indices.dtype !== 'int32') {
    throw new QuantizerError(
      'QUANTIZER_BAD_DTYPE',
      `${where}: indices must be an int32 tensor, got dtype ${indices.dtype}; use tf.cast(indices, 'int32').`,
    );
  }
  if (!anyRank && indices.rank !== 1) {
    throw new QuantizerError(
      'QUANTIZER_BAD_SHAPE',
      `${where}: indices must have shape [N], got [${indices.shape.join(',')}]; flatten them first.`,
    );
  }
}

function checkRank2(where: string, x: tf.Tensor, codeDim: number): void {
  if (x.rank !== 2) {
    throw new QuantizerError(
      'QUANTIZER_BAD_SHAPE',
      `${where}: x must have shape [N, ${codeDim}], got [${x.shape.join(',')}]; reshape to [-1, ${codeDim}].`,
    );
  }
  checkVectors(where, 'x', x.shape, codeDim);
}
