/**
 * Tabular data from CSV text: one example per row, one feature per column, an
 * optional label column. Platform-neutral (the CSV grammar, with quotes and
 * escaped quotes, is handled by the browser build of `csv-parse`); `loadCsv` in
 * `@ae/datasets/node` reads a file and calls {@link parseCsv}.
 */

import { parse } from 'csv-parse/browser/esm/sync';
import type { Dataset } from './dataset.js';
import { DatasetError } from './dataset-error.js';

/** Options of {@link parseCsv}. */
export interface CsvOptions {
  /** Name of the dataset. Default 'csv'. */
  readonly name?: string;
  /** Where the text came from (a path or URL), named in error messages. Default: `name`. */
  readonly source?: string;
  /** Whether the first row names the columns. Default true. */
  readonly header?: boolean;
  /**
   * The column holding the class label: a header name, or a 0-based column index.
   * Omitted: the dataset is unlabelled.
   */
  readonly labelColumn?: string | number;
  /**
   * The feature columns, in this order: header names or 0-based indices. Default:
   * every column but the label column, in file order.
   */
  readonly columns?: readonly (string | number)[];
  /** Cell separator, e.g. ';' or '\t'. Default ','. */
  readonly delimiter?: string;
  /**
   * Class names, indexed by label, to fix the mapping of label cells (e.g. so a
   * training and a test file agree). Default: the distinct label cells, sorted
   * numerically when they are all numbers, else by code point (so the mapping does
   * not depend on the order of the rows).
   */
  readonly classNames?: readonly string[];
}

/** A tabular dataset: shape `[1, features, 1]`, `domain: 'real'`, and its column names. */
export interface CsvDataset extends Dataset {
  /**
   * Name of each feature, in the order of the values in an example: the header
   * names, or 'column <1-based index>' without a header.
   */
  readonly featureNames: readonly string[];
}

/** A finite decimal number: optional sign, digits with an optional point, optional exponent. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function badOptions(source: string, what: string): DatasetError {
  return new DatasetError('DATASET_BAD_OPTIONS', `parseCsv(${source}): ${what}.`);
}

/** Parsed rows with the (1-based) line on which each ends. */
function readRows(
  text: string,
  source: string,
  delimiter: string,
): { cells: string[]; line: number }[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (cause) {
    throw new DatasetError(
      'CSV_BAD_ROW',
      `${source}: the CSV cannot be parsed: ${(cause as Error).message}. Fix the quoting of that row.`,
      { cause },
    );
  }
  // A line of only spaces is skipped like an empty line.
  return records
    .filter((r) => !(r.record.length === 1 && (r.record[0] as string).trim() === ''))
    .map((r) => ({ cells: r.record, line: r.info.lines }));
}

/** Index of a column given by header name or 0-based index. */
function columnIndex(
  source: string,
  what: string,
  column: string | number,
  names: readonly string[],
  header: boolean,
): number {
  if (typeof column === 'number') {
    if (!Number.isInteger(column) || column < 0 || column >= names.length) {
      throw badOptions(
        source,
        `${what} ${column} is not a 0-based column index below ${names.length}`,
      );
    }
    return column;
  }
  if (!header) {
    throw badOptions(
      source,
      `${what} ${JSON.stringify(column)} is a name but header is false; pass a 0-based column index`,
    );
  }
  const first = names.indexOf(column);
  if (first < 0) {
    throw badOptions(
      source,
      `${what} ${JSON.stringify(column)} is not a column; the header has ${JSON.stringify(names)}`,
    );
  }
  if (names.indexOf(column, first + 1) >= 0) {
    throw badOptions(
      source,
      `${what} ${JSON.stringify(column)} names two columns (${first} and ${names.indexOf(column, first + 1)}); pass a 0-based index`,
    );
  }
  return first;
}

/** Class names of the label cells: sorted numerically if all are numbers, else by code point. */
function sortedClassNames(cells: readonly string[]): string[] {
  const distinct = [...new Set(cells)];
  if (distinct.every((c) => DECIMAL.test(c))) {
    return distinct.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0));
  }
  return distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Parses CSV text into a tabular dataset: one example per data row with the
 * selected feature columns as float32 values, shape `[1, features, 1]`,
 * `domain: 'real'` (values are not scaled; see `fitStandardizer`). Cells are
 * trimmed; every feature cell must be a finite decimal number (e.g. '-1.5e3').
 * Empty lines and lines of only spaces are skipped. Label cells (trimmed) are class
 * names; see {@link CsvOptions.classNames} for their order.
 *
 * @throws DatasetError `CSV_NOT_NUMERIC` (an empty or non-numeric feature cell),
 *   `CSV_BAD_ROW` (bad quoting, or a row with another number of cells than the
 *   first row), `CSV_UNKNOWN_CLASS` (an empty label, or one not in `classNames`),
 *   each naming the source, the 1-based line (where the row ends), the column and
 *   the cell; `DATASET_EMPTY` (no data rows); `DATASET_BAD_OPTIONS` (unknown
 *   column, no feature column).
 *
 * @example
 * const ds = parseCsv('a,b,kind\n1,2,cat\n3,4,dog\n', { labelColumn: 'kind' });
 * ds.shape; // [1, 2, 1]
 * ds.classNames; // ['cat', 'dog']
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvDataset {
  const name = options.name ?? 'csv';
  const source = options.source ?? name;
  const header = options.header ?? true;
  const rows = readRows(text, source, options.delimiter ?? ',');
  const first = rows[0];
  if (first === undefined || (header && rows.length === 1)) {
    throw new DatasetError(
      'DATASET_EMPTY',
      `${source}: the CSV has no data rows${header ? ' (only a header)' : ''}. Pass a file with at least one example.`,
    );
  }
  const width = first.cells.length;
  const names = header
    ? first.cells.map((c) => c.trim())
    : Array.from({ length: width }, (_, i) => `column ${i + 1}`);
  const data = header ? rows.slice(1) : rows;

  const label =
    options.labelColumn === undefined
      ? undefined
      : columnIndex(source, 'labelColumn', options.labelColumn, names, header);
  const features =
    options.columns === undefined
      ? names.map((_, i) => i).filter((i) => i !== label)
      : options.columns.map((c) => columnIndex(source, 'columns entry', c, names, header));
  if (features.length === 0) {
    throw badOptions(source, 'there is no feature column; pass columns or another labelColumn');
  }

  const count = data.length;
  const x = new Float32Array(count * features.length);
  const labelCells: string[] = [];
  for (let r = 0; r < count; r++) {
    const { cells, line } = data[r] as (typeof data)[number];
    if (cells.length !== width) {
      throw new DatasetError(
        'CSV_BAD_ROW',
        `${source}: line ${line} has ${cells.length} cells, expected ${width} like the ${header ? 'header' : 'first row'}. Fix or remove that row.`,
      );
    }
    for (let f = 0; f < features.length; f++) {
      const column = features[f] as number;
      const raw = cells[column] as string;
      const cell = raw.trim();
      const value = DECIMAL.test(cell) ? Math.fround(Number(cell)) : Number.NaN;
      if (!Number.isFinite(value)) {
        const why =
          cell === ''
            ? 'is empty'
            : DECIMAL.test(cell) && Number.isFinite(Number(cell))
              ? `is ${JSON.stringify(raw)}, which exceeds float32's range (±3.4e38), the precision the values are kept in`
              : `is ${JSON.stringify(raw)}, not a finite number`;
        throw new DatasetError(
          'CSV_NOT_NUMERIC',
          `${source}: line ${line}, column ${JSON.stringify(names[column])}: the cell ${why}. Fill in or remove missing values, or leave the column out with the columns option.`,
        );
      }
      x[r * features.length + f] = value;
    }
    if (label !== undefined) {
      const cell = (cells[label] as string).trim();
      if (cell === '') {
        throw new DatasetError(
          'CSV_UNKNOWN_CLASS',
          `${source}: line ${line}, label column ${JSON.stringify(names[label])}: the cell is empty. Give every row a label.`,
        );
      }
      labelCells.push(cell);
    }
  }

  const base = {
    name,
    x,
    shape: [1, features.length, 1] as const,
    count,
    domain: 'real' as const,
    featureNames: features.map((i) => names[i] as string),
  };
  if (label === undefined) return base;

  const classNames = options.classNames ?? sortedClassNames(labelCells);
  const index = new Map(classNames.map((c, i) => [c, i]));
  const labels = new Int32Array(count);
  for (let r = 0; r < count; r++) {
    const id = index.get(labelCells[r] as string);
    if (id === undefined) {
      throw new DatasetError(
        'CSV_UNKNOWN_CLASS',
        `${source}: line ${(data[r] as (typeof data)[number]).line}, label column ${JSON.stringify(names[label])}: ${JSON.stringify(labelCells[r])} is not one of the classNames ${JSON.stringify(classNames)}. Add it to classNames or fix the row.`,
      );
    }
    labels[r] = id;
  }
  return { ...base, labels, classNames };
}
