/**
 * Seeded k-means (k-means++ seeding, then Lloyd iterations), used to start a codebook on the
 * first batch of encoder outputs so that no code begins far from the data.
 */
import * as tf from '@tensorflow/tfjs-core';
import { lookupCodes, nearestCodes, squaredDistances } from './distances.js';
import { oneHotRows } from './one-hot.js';
import { checkPositiveInt, QuantizerError } from './quantizer-error.js';

/** Options of {@link kmeans}. */
export interface KMeansOptions {
  /** Lloyd iterations after the seeding; default 10. */
  iterations?: number;
  /** Seed of the k-means++ draws; default 0. */
  seed?: number;
}

/** Result of {@link kmeans}; the caller owns both tensors. */
export type KMeansResult = {
  /** `[K, D]` cluster centres. */
  centres: tf.Tensor2D;
  /** `[K]` float32 number of vectors nearest to each centre. */
  counts: tf.Tensor1D;
};

/**
 * Clusters `x` into `k` groups. Seeding is k-means++ (each next centre is a vector drawn with
 * probability ∝ its squared distance to the nearest centre so far); each Lloyd iteration
 * moves every centre to the mean of its vectors (a centre with no vectors stays put).
 * Runs entirely on tensors (no reads to the CPU); deterministic for a given `seed`.
 *
 * @param x Vectors `[N, D]` with `N ≥ k`.
 * @param k Number of clusters.
 * @param options `iterations` (10), `seed` (0).
 * @returns `{ centres, counts }`, owned by the caller.
 * @throws QuantizerError `QUANTIZER_BAD_SHAPE`, `QUANTIZER_BAD_OPTION`,
 *   `QUANTIZER_TOO_FEW_VECTORS` when `N < k`.
 */
export function kmeans(x: tf.Tensor, k: number, options: KMeansOptions = {}): KMeansResult {
  const where = 'kmeans';
  checkPositiveInt(where, 'k', k);
  const iterations = checkPositiveInt(where, 'iterations', options.iterations ?? 10);
  const seed = options.seed ?? 0;
  const [n, d] = x.shape;
  if (x.rank !== 2 || n === undefined || d === undefined || d < 1) {
    throw new QuantizerError(
      'QUANTIZER_BAD_SHAPE',
      `${where}: x must have shape [N, D], got [${x.shape.join(',')}]; reshape to [-1, D].`,
    );
  }
  if (n < k) {
    throw new QuantizerError(
      'QUANTIZER_TOO_FEW_VECTORS',
      `${where}: needs at least k = ${k} vectors to place ${k} centres, got ${n}; ` +
        'use a larger batch or fewer codes.',
    );
  }
  return kmeansUnchecked(x as tf.Tensor2D, k, iterations, seed);
}

/** {@link kmeans} without checks. Internal; caller owns the result. */
export function kmeansUnchecked(
  x: tf.Tensor2D,
  k: number,
  iterations: number,
  seed: number,
): KMeansResult {
  return tf.tidy(() => {
    const xs = tf.cast(x, 'float32') as tf.Tensor2D;
    const n = xs.shape[0];
    let centres = seedCentres(xs, k, n, seed);
    for (let i = 0; i < iterations; i++) {
      const previous = centres;
      const { sums, counts } = clusterSums(xs, centres, k);
      const hasVectors = tf.reshape(tf.cast(tf.greater(counts, 0), 'float32'), [k, 1]);
      const means = tf.div(sums, tf.reshape(tf.maximum(counts, 1), [k, 1]));
      centres = tf.add(
        tf.mul(hasVectors, means),
        tf.mul(tf.sub(1, hasVectors), previous),
      ) as tf.Tensor2D;
    }
    return { centres, counts: clusterSums(xs, centres, k).counts };
  });
}

/** k-means++ seeding: `k` rows of `x`, all inside the caller's tidy. */
function seedCentres(x: tf.Tensor2D, k: number, n: number, seed: number): tf.Tensor2D {
  const first = tf.minimum(
    tf.randomUniform([1], 0, n, 'int32', seed),
    tf.scalar(n - 1, 'int32'),
  ) as tf.Tensor1D;
  let centres = lookupCodes(first, x);
  let nearest = tf.reshape(squaredDistances(x, centres), [1, n]); // [1, N]
  for (let c = 1; c < k; c++) {
    // A tiny floor keeps the draw defined when every vector coincides with a centre.
    const weights = tf.add(nearest, 1e-12);
    const probabilities = tf.div(weights, tf.sum(weights));
    const next = tf.reshape(
      tf.multinomial(probabilities as tf.Tensor2D, 1, seed + c, true),
      [1],
    ) as tf.Tensor1D;
    const centre = lookupCodes(next, x);
    centres = tf.concat([centres, centre], 0);
    nearest = tf.minimum(nearest, tf.reshape(squaredDistances(x, centre), [1, n]));
  }
  return centres;
}

/** Per-centre sums and counts of the vectors nearest to each centre. */
function clusterSums(
  x: tf.Tensor2D,
  centres: tf.Tensor2D,
  k: number,
): { sums: tf.Tensor2D; counts: tf.Tensor1D } {
  const oneHot = oneHotRows(nearestCodes(x, centres), k); // [N, K]
  return {
    sums: tf.matMul(oneHot, x, true, false) as tf.Tensor2D,
    counts: tf.sum(oneHot, 0) as tf.Tensor1D,
  };
}
