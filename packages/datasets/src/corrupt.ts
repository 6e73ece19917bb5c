/**
 * Applying a corruption to a whole dataset once (a fixed noisy copy, e.g. for a
 * denoising test set). For fresh noise every epoch use the `corruption` option of
 * `batches` instead.
 */

import type { Corruption } from './corruptions.js';
import type { Dataset } from './dataset.js';
import { DatasetError } from './dataset-error.js';
import { resolveRng, type SeedOptions } from './seeded-rng.js';

/** Options of {@link corrupt}. */
export interface CorruptOptions extends SeedOptions {
  /** Name of the result. Default `${ds.name}-corrupted`. */
  readonly name?: string;
}

/**
 * A new dataset whose `x` is `corruption(ds.x, rng)`: the same examples, corrupted.
 * Labels, class names, domain and factors are shared with `ds` (not copied), so the
 * clean `ds` stays the denoising target, row for row.
 *
 * @throws DatasetError `DATASET_BAD_OPTIONS` unless exactly one of `rng` and `seed`
 *   is given or if the corruption returns another number of values.
 *
 * @example
 * const noisyTest = corrupt(test, gaussianNoise({ std: 0.5 }), { seed: 0 });
 */
export function corrupt(ds: Dataset, corruption: Corruption, options: CorruptOptions): Dataset {
  const where = `corrupt('${ds.name}')`;
  if (typeof corruption !== 'function') {
    throw new DatasetError(
      'DATASET_BAD_OPTIONS',
      `${where}: corruption must be a function (x, rng) => Float32Array, e.g. gaussianNoise({ std: 0.3 }); got ${typeof corruption}.`,
    );
  }
  const rng = resolveRng(options, where, 'corruption');
  const x = corruption(ds.x, rng);
  checkCorrupted(where, ds.x, x);
  return { ...ds, name: options.name ?? `${ds.name}-corrupted`, x };
}

/** Throws `DATASET_BAD_OPTIONS` unless a corruption returned a new Float32Array of the input's length. */
export function checkCorrupted(where: string, input: Float32Array, output: unknown): void {
  if (!(output instanceof Float32Array) || output.length !== input.length) {
    const got = output instanceof Float32Array ? `${output.length} values` : `a ${typeof output}`;
    throw new DatasetError(
      'DATASET_BAD_OPTIONS',
      `${where}: the corruption must return a Float32Array of ${input.length} values, got ${got}. Fix the corruption function.`,
    );
  }
  if (output === input) {
    throw new DatasetError(
      'DATASET_BAD_OPTIONS',
      `${where}: the corruption returned its input array; it must return a new array and leave the clean values untouched.`,
    );
  }
}
