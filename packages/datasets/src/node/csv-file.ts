/**
 * Reading a CSV file from disk (Node only) into a tabular dataset.
 */

import { basename, extname } from 'node:path';
import { type CsvDataset, type CsvOptions, parseCsv } from '../csv.js';
import { readBytes } from './read-idx-file.js';

/**
 * Reads a UTF-8 CSV file and parses it with `parseCsv` (see there for the rules).
 * The dataset is named after the file without its extension unless `name` is given;
 * error messages name `path`.
 *
 * @throws DatasetError `FILE_NOT_FOUND`, and every error of `parseCsv`
 *   (`CSV_NOT_NUMERIC`, `CSV_BAD_ROW`, `CSV_UNKNOWN_CLASS`, `DATASET_EMPTY`,
 *   `DATASET_BAD_OPTIONS`) naming the file and line.
 *
 * @example
 * const train = await loadCsv('data/train.csv', { labelColumn: 'species' });
 * const stats = fitStandardizer(train);
 * const trainZ = standardize(train, stats);
 */
export async function loadCsv(
  path: string,
  options: Omit<CsvOptions, 'source'> = {},
): Promise<CsvDataset> {
  const text = new TextDecoder('utf-8').decode(await readBytes(path));
  return parseCsv(text, {
    ...options,
    name: options.name ?? basename(path, extname(path)),
    source: path,
  });
}
