/**
 * A run's data in one call: load a source, then apply the run's recipe.
 */

import { type DataSource, dataSourceName } from '../data-source.js';
import { prepareRunData, type RunData, type RunDataOptions } from '../run-data.js';
import { type LoadDataSourceOptions, loadDataSource } from './load-data-source.js';

/** Options of {@link loadRunData}: those of loading and of the recipe. */
export interface LoadRunDataOptions extends RunDataOptions, LoadDataSourceOptions {}

/** A run's data and the name of its source. */
export interface SourceRunData extends RunData {
  /** `dataSourceName(spec)`, for summaries, e.g. `'mnist'` or `'csv:readings.csv'`. */
  readonly name: string;
}

/**
 * `prepareRunData(await loadDataSource(spec, options), options)`: the training and
 * validation data of a run on `spec`. `seed` serves both the generation of `shapes:<size>`
 * and the hold-out split, so one seed reproduces the run's data.
 *
 * @throws DatasetError the errors of {@link loadDataSource} and `prepareRunData`.
 *
 * @example
 * const { train, validation } = await loadRunData({ kind: 'mnist' }, { classes: ['3'], seed: 0 });
 */
export async function loadRunData(
  spec: DataSource,
  options: LoadRunDataOptions = {},
): Promise<SourceRunData> {
  const loaded = await loadDataSource(spec, options);
  return { ...prepareRunData(loaded, options), name: dataSourceName(spec) };
}
