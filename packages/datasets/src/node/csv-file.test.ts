import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../dataset-error.js';
import { loadCsv } from './csv-file.js';

const dir = mkdtempSync(join(tmpdir(), 'ae-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function errorOf(p: Promise<unknown>): Promise<DatasetError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (e instanceof DatasetError) return e;
  throw new Error(`expected a DatasetError, got ${String(e)}`);
}

describe('loadCsv', () => {
  it('reads a file (with a BOM and CRLF), named after the file', async () => {
    const path = join(dir, 'wine.csv');
    writeFileSync(path, '\ufeffalcohol,kind,acid\r\n13.2,red,2.5\r\n11.0,white,1.25\r\n');
    const ds = await loadCsv(path, { labelColumn: 'kind' });
    expect(ds.name).toBe('wine');
    expect(ds.featureNames).toEqual(['alcohol', 'acid']);
    expect(Array.from(ds.x)).toEqual([13.2, 2.5, 11.0, 1.25].map(Math.fround));
    expect(ds.classNames).toEqual(['red', 'white']);
    expect(Array.from(ds.labels ?? [])).toEqual([0, 1]);
  });

  it('names the file and line in errors', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'a,b\n1,2\n3,NA\n');
    const e = await errorOf(loadCsv(path));
    expect(e.code).toBe('CSV_NOT_NUMERIC');
    expect(e.message).toContain(`${path}: line 3, column "b"`);
    expect(e.message).toContain('"NA"');
  });

  it('reports a missing file', async () => {
    const path = join(dir, 'missing.csv');
    const e = await errorOf(loadCsv(path));
    expect(e.code).toBe('FILE_NOT_FOUND');
    expect(e.message).toContain(path);
  });
});
