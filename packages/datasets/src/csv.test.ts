import { describe, expect, it } from 'vitest';
import { type CsvOptions, parseCsv } from './csv.js';
import { validateDataset } from './dataset.js';
import { DatasetError } from './dataset-error.js';

function errorOf(text: string, options: CsvOptions = {}): DatasetError {
  try {
    parseCsv(text, options);
  } catch (e) {
    if (e instanceof DatasetError) return e;
    throw e;
  }
  throw new Error('expected a DatasetError');
}

describe('parseCsv', () => {
  const iris = [
    'sepal,petal,species,width',
    '5.1, 1.4 ,setosa,0.2',
    '',
    '7.0,4.7,versicolor,1.4',
    '"6.3",6.0,"virginica",-2.5e-1',
    '4.9,1.4,setosa,.2',
    '',
  ].join('\n');

  it('reads features and string labels, classes sorted', () => {
    const ds = parseCsv(iris, { name: 'iris', labelColumn: 'species' });
    expect(ds.name).toBe('iris');
    expect(ds.shape).toEqual([1, 3, 1]);
    expect(ds.count).toBe(4);
    expect(ds.domain).toBe('real');
    expect(ds.featureNames).toEqual(['sepal', 'petal', 'width']);
    expect(Array.from(ds.x)).toEqual(
      [5.1, 1.4, 0.2, 7.0, 4.7, 1.4, 6.3, 6.0, -0.25, 4.9, 1.4, 0.2].map(Math.fround),
    );
    expect(ds.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(ds.labels ?? [])).toEqual([0, 1, 2, 0]);
    validateDataset(ds);
  });

  it('sorts numeric labels numerically and honours given classNames', () => {
    const text = 'x,y\n1,10\n2,2\n3,-1\n4,2\n';
    const ds = parseCsv(text, { labelColumn: 'y' });
    expect(ds.classNames).toEqual(['-1', '2', '10']);
    expect(Array.from(ds.labels ?? [])).toEqual([2, 1, 0, 1]);
    const fixed = parseCsv(text, { labelColumn: 1, classNames: ['10', '2', '-1', '7'] });
    expect(Array.from(fixed.labels ?? [])).toEqual([0, 1, 2, 1]);
    const e = errorOf(text, { labelColumn: 'y', classNames: ['2', '10'], name: 't.csv' });
    expect(e.code).toBe('CSV_UNKNOWN_CLASS');
    expect(e.message).toContain('t.csv: line 4');
    expect(e.message).toContain('"-1"');
  });

  it('reads headerless text with another delimiter and a column selection', () => {
    const ds = parseCsv('1;2;3\n4;5;6\n', { header: false, delimiter: ';', columns: [2, 0] });
    expect(ds.featureNames).toEqual(['column 3', 'column 1']);
    expect(Array.from(ds.x)).toEqual([3, 1, 6, 4]);
    expect(ds.labels).toBeUndefined();
    const tsv = parseCsv('a\tb\n1\t2\n', { delimiter: '\t', columns: ['b'] });
    expect(Array.from(tsv.x)).toEqual([2]);
  });

  it('names file, line, column and cell of a non-numeric or empty cell', () => {
    const text = 'a,b\n1,2\n\n3,abc\n';
    const e = errorOf(text, { source: 'data/t.csv' });
    expect(e.code).toBe('CSV_NOT_NUMERIC');
    expect(e.message).toContain('data/t.csv: line 4, column "b"');
    expect(e.message).toContain('"abc"');
    const empty = errorOf('a,b\n1,2\n3, \n', { source: 'e.csv' });
    expect(empty.code).toBe('CSV_NOT_NUMERIC');
    expect(empty.message).toMatch(/e\.csv: line 3, column "b": the cell is empty/);
    for (const cell of ['NaN', 'Infinity', '0x10', '1e999', '1,5']) {
      expect(errorOf(`a\n"${cell}"\n`).code).toBe('CSV_NOT_NUMERIC');
    }
  });

  it('says that a number beyond float32 exceeds its range, not that it is not finite', () => {
    // 1e308 is a finite double but Infinity as float32; 3.4e38 still fits.
    const e = errorOf('a\n1\n1e308\n', { source: 'big.csv' });
    expect(e.code).toBe('CSV_NOT_NUMERIC');
    expect(e.message).toMatch(
      /big\.csv: line 3, column "a": the cell is "1e308", which exceeds float32's range \(±3\.4e38\)/,
    );
    expect(e.message).not.toContain('not a finite number');
    expect(errorOf('a\n1e999\n').message).toContain('"1e999", not a finite number');
    expect(Number.isFinite(parseCsv('a\n3.4e38\n').x[0])).toBe(true);
  });

  it('rejects ragged rows and broken quoting with CSV_BAD_ROW', () => {
    const e = errorOf('a,b,c\n1,2,3\n4,5\n', { source: 'r.csv' });
    expect(e.code).toBe('CSV_BAD_ROW');
    expect(e.message).toContain('r.csv: line 3 has 2 cells, expected 3');
    const q = errorOf('a,b\n1,"2\n', { source: 'q.csv' });
    expect(q.code).toBe('CSV_BAD_ROW');
    expect(q.message).toContain('q.csv');
  });

  it('rejects an empty label, no data rows, and unknown columns', () => {
    expect(errorOf('a,l\n1,\n', { labelColumn: 'l' }).code).toBe('CSV_UNKNOWN_CLASS');
    expect(errorOf('a,b\n', { source: 'h.csv' }).message).toContain('h.csv: the CSV has no data');
    expect(errorOf('').code).toBe('DATASET_EMPTY');
    const unknown = errorOf('a,b\n1,2\n', { labelColumn: 'c' });
    expect(unknown.code).toBe('DATASET_BAD_OPTIONS');
    expect(unknown.message).toContain('["a","b"]');
    expect(errorOf('1,2\n', { header: false, labelColumn: 'a' }).code).toBe('DATASET_BAD_OPTIONS');
    expect(errorOf('a,b\n1,2\n', { columns: [2] }).code).toBe('DATASET_BAD_OPTIONS');
    expect(errorOf('l\n1\n', { labelColumn: 'l' }).message).toContain('no feature column');
    expect(errorOf('a,a\n1,2\n', { columns: ['a'] }).message).toContain('names two columns');
  });
});
