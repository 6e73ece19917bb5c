import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareRunData } from '../run-data.js';
import { loadDataSource } from './load-data-source.js';
import { loadRunData } from './load-run-data.js';

const root = mkdtempSync(join(tmpdir(), 'ae-run-data-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('loadRunData', () => {
  it('is loadDataSource then prepareRunData, named after the source', async () => {
    const path = join(root, 'sensors.csv');
    // 20 rows: value i and a class 'hot' (i ≥ 10) or 'cold'.
    const rows = Array.from({ length: 20 }, (_, i) => `${i},${i >= 10 ? 'hot' : 'cold'},${2 * i}`);
    writeFileSync(path, `t,state,p\n${rows.join('\n')}\n`);
    const options = { labelColumn: 'state', classes: ['hot'], seed: 7, limit: 8 };
    const run = await loadRunData({ kind: 'csv', path }, options);
    expect(run.name).toBe(`csv:${path}`);
    const by = prepareRunData(await loadDataSource({ kind: 'csv', path }, options), options);
    expect(Array.from(run.train.x)).toEqual(Array.from(by.train.x));
    expect(Array.from(run.validation.x)).toEqual(Array.from(by.validation.x));
    // 10 hot rows, 1 held out, 8 of the 9 left kept; standardized on those 8.
    expect([run.train.count, run.validation.count]).toEqual([8, 1]);
    const raw = Array.from(run.train.x, (z, i) => {
      const f = i % 2;
      return z * (run.standardizer?.std[f] as number) + (run.standardizer?.mean[f] as number);
    });
    const t = raw.filter((_, i) => i % 2 === 0).map(Math.round);
    expect(t.every((v) => v >= 10)).toBe(true);
    expect(run.standardizer?.mean[0]).toBeCloseTo(t.reduce((a, b) => a + b, 0) / 8, 5);
  });

  it('gives the same data for the same seed, other data for another', async () => {
    const a = await loadRunData({ kind: 'shapes', size: 8 }, { seed: 1, limit: 50 });
    const b = await loadRunData({ kind: 'shapes', size: 8 }, { seed: 1, limit: 50 });
    const c = await loadRunData({ kind: 'shapes', size: 8 }, { seed: 2, limit: 50 });
    expect(a.name).toBe('shapes:8');
    expect(a.train.factors?.values).toEqual(b.train.factors?.values);
    expect(a.train.factors?.values).not.toEqual(c.train.factors?.values);
  });
});
