/**
 * Input corruptions for denoising autoencoders (Vincent et al. 2008/2010): additive
 * Gaussian noise, salt-and-pepper noise and masking noise.
 *
 * A corruption maps clean values to a new, corrupted array and leaves its input
 * untouched. The built-in corruptions are meant for unit-domain data (values in
 * [0, 1]) and keep their output in [0, 1]: Gaussian noise is clipped (unless
 * `clip: false`, e.g. for standardized real-valued data), salt-and-pepper writes 1
 * or 0, masking writes 0.
 */

import type { Rng } from '@ae/backend';
import { checkNonNegative, checkProbability } from './check-parameter.js';
import { DatasetError } from './dataset-error.js';

/**
 * A corruption: returns a new corrupted copy of `x` (same length), drawing all its
 * randomness from `rng`.
 */
export type Corruption = (x: Float32Array, rng: Rng) => Float32Array;

/** Options of {@link gaussianNoise}. */
export interface GaussianNoiseOptions {
  /** Standard deviation of the added noise; a finite number ≥ 0. */
  readonly std: number;
  /** Clip the result to [0, 1]. Default true; pass false for real-domain data. */
  readonly clip?: boolean;
}

/** Options of {@link saltAndPepper}. */
export interface SaltAndPepperOptions {
  /** Probability that a value is replaced, in [0, 1]. */
  readonly amount: number;
  /** Among replaced values, the probability of salt (1) rather than pepper (0). Default 0.5. */
  readonly saltRatio?: number;
}

/** Options of {@link maskingNoise}. */
export interface MaskingNoiseOptions {
  /** Probability that a value is set to 0, in [0, 1]. */
  readonly rate: number;
}

function checkOptions(where: string, options: unknown): void {
  if (typeof options !== 'object' || options === null) {
    throw new DatasetError(
      'DATASET_BAD_OPTIONS',
      `${where}: expected an options object, got ${String(options)}.`,
    );
  }
}

/**
 * Additive Gaussian noise: `x + std · N(0, 1)` per value (one `rng.normal()` each),
 * clipped to [0, 1] unless `clip` is false.
 *
 * @throws DatasetError `DATASET_BAD_PARAMETER` unless `std` is finite and ≥ 0.
 *
 * @example
 * const noisy = gaussianNoise({ std: 0.3 })(x, createRng(0));
 */
export function gaussianNoise(options: GaussianNoiseOptions): Corruption {
  checkOptions('gaussianNoise', options);
  const std = checkNonNegative('gaussianNoise', 'std', options.std);
  const clip = options.clip ?? true;
  return (x, rng) => {
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = (x[i] as number) + std * rng.normal();
      out[i] = clip ? Math.min(1, Math.max(0, v)) : v;
    }
    return out;
  };
}

/**
 * Salt-and-pepper noise: each value is, with probability `amount`, replaced by 1
 * (with probability `saltRatio`) or by 0; otherwise kept. One `rng.next()` per
 * value decides both.
 *
 * @throws DatasetError `DATASET_BAD_PARAMETER` unless `amount` and `saltRatio` are in [0, 1].
 */
export function saltAndPepper(options: SaltAndPepperOptions): Corruption {
  checkOptions('saltAndPepper', options);
  const amount = checkProbability('saltAndPepper', 'amount', options.amount);
  const saltRatio = checkProbability('saltAndPepper', 'saltRatio', options.saltRatio ?? 0.5);
  const salt = amount * saltRatio;
  return (x, rng) => {
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const u = rng.next();
      // u < amount·saltRatio: salt; then up to amount: pepper; else keep.
      out[i] = u < salt ? 1 : u < amount ? 0 : (x[i] as number);
    }
    return out;
  };
}

/**
 * Masking noise (random dropout of inputs): each value is set to 0 with
 * probability `rate` (one `rng.next()` per value), otherwise kept.
 *
 * @throws DatasetError `DATASET_BAD_PARAMETER` unless `rate` is in [0, 1].
 */
export function maskingNoise(options: MaskingNoiseOptions): Corruption {
  checkOptions('maskingNoise', options);
  const rate = checkProbability('maskingNoise', 'rate', options.rate);
  return (x, rng) => {
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = rng.next() < rate ? 0 : (x[i] as number);
    return out;
  };
}
