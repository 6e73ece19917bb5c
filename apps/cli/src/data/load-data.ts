/**
 * A run's data for the `ae` commands: `@ae/datasets`'s `loadRunData`, with the flag
 * named where the library's advice is about `--dataset`.
 */
import { type DataSource, DatasetError } from '@ae/datasets';
import { type LoadRunDataOptions, loadRunData, type SourceRunData } from '@ae/datasets/node';

/**
 * Loads, filters, splits, limits and (for tabular data) standardizes the data of `spec`
 * (see `loadRunData`). When the `fashion-mnist` package is missing, the advice names
 * `--dataset`; advice about library options the command has no flag for is reworded.
 */
export async function loadData(spec: DataSource, o: LoadRunDataOptions): Promise<SourceRunData> {
  try {
    return await loadRunData(spec, o);
  } catch (error) {
    // The library's advice names its `columns` option, which `ae` has no flag for.
    if (error instanceof DatasetError && error.code === 'CSV_NOT_NUMERIC') {
      const advice = error.message.replace(
        /, or leave the column out with the columns option\.$/,
        ', or remove that column from the file.',
      );
      if (advice !== error.message) throw new DatasetError(error.code, advice, { cause: error });
    }
    const packageMissing =
      spec.kind === 'fashion-mnist' &&
      !spec.dir &&
      error instanceof DatasetError &&
      error.code === 'FASHION_MNIST_PACKAGE_MISSING';
    if (!packageMissing) throw error;
    throw new DatasetError(error.code, `--dataset ${error.message}`, { cause: error });
  }
}
