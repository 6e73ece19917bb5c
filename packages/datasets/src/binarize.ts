/**
 * Dynamic binarization: treating each value in [0, 1] as the probability of a
 * black-or-white pixel and sampling it afresh, as is usual when training a
 * Bernoulli-likelihood VAE on grey-level MNIST.
 */

import type { Rng } from '@ae/backend';

/**
 * A new Float32Array of Bernoulli samples: `out[i] = 1` with probability `x[i]`,
 * else 0 (one `rng.next()` per value: 1 when it is below `x[i]`). Values ≤ 0 (and
 * NaN) always give 0, values ≥ 1 always give 1. `x` is not changed.
 *
 * @example
 * const sample = binarize(ds.x.subarray(0, 784), createRng(0));
 */
export function binarize(x: Float32Array, rng: Rng): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = rng.next() < (x[i] as number) ? 1 : 0;
  return out;
}
