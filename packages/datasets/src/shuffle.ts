/**
 * Shuffling a whole dataset: rows, labels and factors permuted together.
 */

import { type Dataset, subset } from './dataset.js';
import { resolveRng, type SeedOptions } from './seeded-rng.js';

/**
 * A new dataset with the examples of `ds` in a random order (copies; `ds` is
 * unchanged). Labels and factors follow their rows; the name, `classNames` and
 * `domain` are kept. The order is `rng.permutation(ds.count)`.
 *
 * @throws DatasetError `DATASET_BAD_OPTIONS` unless exactly one of `rng` and
 *   `seed` is given, `DATASET_BAD_PARAMETER` for a non-integer seed.
 *
 * @example
 * const mixed = shuffle(train, { seed: 1 });
 */
export function shuffle(ds: Dataset, options: SeedOptions): Dataset {
  const rng = resolveRng(options, `shuffle('${ds.name}')`, 'shuffling');
  return subset(ds, rng.permutation(ds.count), ds.name);
}
