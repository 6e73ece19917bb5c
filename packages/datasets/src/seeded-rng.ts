/**
 * Resolving the `{ rng }` / `{ seed }` pair that every random operation of
 * `@ae/datasets` accepts, so that each run can be reproduced.
 */

import { createRng, type Rng } from '@ae/backend';
import { DatasetError } from './dataset-error.js';

/** The two ways to make a random operation reproducible; pass exactly one. */
export interface SeedOptions {
  /**
   * Generator to draw from. It advances, so repeated calls with the same `rng`
   * give different draws while a run from the same seed repeats exactly.
   */
  readonly rng?: Rng;
  /** Integer seed; a fresh generator is made per call, so repeated calls draw the same. */
  readonly seed?: number;
}

/**
 * The generator chosen by `options`: `rng` itself, or `createRng(seed)`.
 *
 * @param where Names the caller in messages, e.g. `shuffle('mnist-train')`.
 * @param why What needs randomness, e.g. `shuffling`.
 * @param otherwise An extra way out appended to the hint, e.g. `or { shuffle: false }`.
 * @throws DatasetError `DATASET_BAD_OPTIONS` if both or neither are given,
 *   `DATASET_BAD_PARAMETER` if `seed` is not an integer.
 */
export function resolveRng(options: SeedOptions, where: string, why: string, otherwise = ''): Rng {
  const { rng, seed } = options;
  if (rng !== undefined && seed !== undefined) {
    throw new DatasetError('DATASET_BAD_OPTIONS', `${where}: pass either rng or seed, not both.`);
  }
  if (rng !== undefined) return rng;
  if (seed !== undefined) {
    if (!Number.isInteger(seed)) {
      throw new DatasetError(
        'DATASET_BAD_PARAMETER',
        `${where}: seed must be an integer, got ${seed}. Pass e.g. { seed: 42 }.`,
      );
    }
    return createRng(seed);
  }
  throw new DatasetError(
    'DATASET_BAD_OPTIONS',
    `${where}: ${why} needs a seeded generator so runs can be reproduced. Pass { rng: createRng(seed) } (new draws on every call), { seed } (the same draws on every call)${otherwise ? `, ${otherwise}` : ''}.`,
  );
}
