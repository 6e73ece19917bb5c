/**
 * Peak signal-to-noise ratio of images with values in [0, 1] (peak 1), e.g. of a denoising
 * autoencoder's output: PSNR = 10 · log10(1 / MSE), MSE the mean squared difference over one
 * image's values.
 */
import { obeys } from '@ae/core';
import { EvaluationError } from './evaluation-error.js';

/** The smallest MSE used, so that identical images give a finite PSNR of 100 dB. */
export const PSNR_MIN_MSE = 1e-10;

/**
 * PSNR in dB of an image (peak 1) whose mean squared difference from the reference is
 * `mse`: 10 · log10(1 / mse), an MSE below {@link PSNR_MIN_MSE} counting as that value.
 */
export function psnrOfMse(mse: number): number {
  return 10 * Math.log10(1 / Math.max(mse, PSNR_MIN_MSE));
}

/**
 * PSNR in dB of each of `count` images of `other` against `reference` (both row-major
 * `[count, …]`, the same length). An MSE below {@link PSNR_MIN_MSE} counts as that value.
 *
 * @throws EvaluationError `EVAL_BAD_OPTION` when the lengths differ or are not `count`
 *   equal images.
 */
export function psnrPerImage(
  reference: Float32Array,
  other: Float32Array,
  count: number,
): Float64Array {
  if (
    reference.length !== other.length ||
    !obeys(count, 'positive-integer') ||
    reference.length % count !== 0
  ) {
    throw new EvaluationError(
      'EVAL_BAD_OPTION',
      `psnrPerImage: need two arrays of the same length holding ${count} images, got ${reference.length} and ${other.length} values.`,
    );
  }
  const size = reference.length / count;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let j = i * size; j < (i + 1) * size; j++) {
      const d = (reference[j] as number) - (other[j] as number);
      sum += d * d;
    }
    out[i] = psnrOfMse(sum / size);
  }
  return out;
}

/** The mean of {@link psnrPerImage} over the images, in dB. */
export function meanPsnr(reference: Float32Array, other: Float32Array, count: number): number {
  const values = psnrPerImage(reference, other, count);
  return values.reduce((a, b) => a + b, 0) / count;
}
