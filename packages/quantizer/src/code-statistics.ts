/**
 * How well a batch uses the codebook: the code histogram, its perplexity and the fraction of
 * codes used.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkIndices } from './distances.js';
import { oneHotRows } from './one-hot.js';
import { checkPositiveInt } from './quantizer-error.js';

/**
 * How many times each code was chosen.
 *
 * @param indices int32 code indices of any shape, values in `[0, numCodes)`.
 * @param numCodes The codebook size `K`.
 * @returns `[K]` float32 counts, owned by the caller.
 * @throws QuantizerError `QUANTIZER_BAD_DTYPE`, `QUANTIZER_BAD_OPTION`.
 */
export function codeCounts(indices: tf.Tensor, numCodes: number): tf.Tensor1D {
  const where = 'codeCounts';
  checkIndices(where, indices, true);
  checkPositiveInt(where, 'numCodes', numCodes);
  return countsUnchecked(indices, numCodes);
}

/**
 * Perplexity of the code histogram, `exp(−Σ_k p_k log p_k)` with `p_k` the fraction of
 * vectors that chose code `k` (and `0·log 0 = 0`). It is `K` when every code is chosen equally
 * often and 1 when all vectors chose one code: the "effective number of codes in use".
 *
 * @param indices int32 code indices of any shape (at least one element).
 * @param numCodes The codebook size `K`.
 * @returns A float32 scalar owned by the caller.
 * @throws QuantizerError `QUANTIZER_BAD_DTYPE`, `QUANTIZER_BAD_OPTION`.
 */
export function perplexity(indices: tf.Tensor, numCodes: number): tf.Scalar {
  const where = 'perplexity';
  checkIndices(where, indices, true);
  checkPositiveInt(where, 'numCodes', numCodes);
  return tf.tidy(() => perplexityOfCounts(countsUnchecked(indices, numCodes)));
}

/**
 * Fraction of the `K` codes chosen at least once.
 *
 * @param indices int32 code indices of any shape.
 * @param numCodes The codebook size `K`.
 * @returns A float32 scalar in `[0, 1]`, owned by the caller.
 * @throws QuantizerError `QUANTIZER_BAD_DTYPE`, `QUANTIZER_BAD_OPTION`.
 */
export function codeUsage(indices: tf.Tensor, numCodes: number): tf.Scalar {
  const where = 'codeUsage';
  checkIndices(where, indices, true);
  checkPositiveInt(where, 'numCodes', numCodes);
  return tf.tidy(() => usageOfCounts(countsUnchecked(indices, numCodes)));
}

/** Histogram without checks. Internal; caller owns the result. */
export function countsUnchecked(indices: tf.Tensor, numCodes: number): tf.Tensor1D {
  return tf.tidy(() => tf.sum(oneHotRows(tf.reshape(indices, [-1]), numCodes), 0) as tf.Tensor1D);
}

/** `exp(−Σ p log p)` of non-negative (possibly fractional) counts. Internal; caller owns. */
export function perplexityOfCounts(counts: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const p = tf.div(counts, tf.maximum(tf.sum(counts), 1e-30));
    const positive = tf.greater(p, 0);
    // 0·log 0 = 0: take the log of 1 where p = 0.
    const plogp = tf.mul(p, tf.log(tf.where(positive, p, tf.onesLike(p))));
    return tf.exp(tf.neg(tf.sum(plogp))) as tf.Scalar;
  });
}

/** Fraction of entries of `counts` above `threshold`. Internal; caller owns. */
export function usageOfCounts(counts: tf.Tensor1D, threshold = 0): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.cast(tf.greater(counts, threshold), 'float32')) as tf.Scalar);
}
