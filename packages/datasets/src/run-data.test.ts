import { createRng } from '@ae/backend';
import { describe, expect, it } from 'vitest';
import type { Dataset } from './dataset.js';
import { DEFAULT_HOLD_OUT, prepareRunData } from './run-data.js';
import { split } from './split.js';
import { thrownBy } from './test-utils/dataset-errors.js';

/** `n` examples [1, 1, 1] with x = i / n and labels i % 4 named a…d. */
function images(n: number, name = 'toy'): Dataset {
  return {
    name,
    x: Float32Array.from({ length: n }, (_, i) => i / n),
    shape: [1, 1, 1],
    count: n,
    labels: Int32Array.from({ length: n }, (_, i) => i % 4),
    classNames: ['a', 'b', 'c', 'd'],
  };
}

/** Tabular rows [1, 2, 1] of `rows`, labels = the row's id (its position). */
function table(rows: [number, number][], name = 'table'): Dataset {
  return {
    name,
    x: Float32Array.from(rows.flat()),
    shape: [1, 2, 1],
    count: rows.length,
    labels: Int32Array.from(rows, (_, i) => i),
    domain: 'real',
  };
}

const ids = (ds: Dataset) => Array.from(ds.labels ?? []);
const values = (ds: Dataset) => Array.from(ds.x);

describe('prepareRunData: a source without a test split', () => {
  it('holds out 10 %: the first examples of the seeded permutation, both parts in order', () => {
    const all = images(20);
    const { train, validation, standardizer } = prepareRunData({ all }, { seed: 5 });
    expect(DEFAULT_HOLD_OUT).toBe(0.1);
    // By hand: round(0.1 · 20) = 2 held out, the first two of permutation(20) of seed 5.
    const held = Array.from(createRng(5).permutation(20).slice(0, 2)).sort((a, b) => a - b);
    expect(values(validation)).toEqual(held.map((i) => Math.fround(i / 20)));
    const rest = Array.from({ length: 20 }, (_, i) => i).filter((i) => !held.includes(i));
    expect(values(train)).toEqual(rest.map((i) => Math.fround(i / 20)));
    expect([train.name, validation.name]).toEqual(['toy-train', 'toy-validation']);
    expect(standardizer).toBeUndefined();
    // The same as split() with the same seed, and the same on every call.
    const parts = split(all, { validation: 0.1, seed: 5 });
    expect(values(train)).toEqual(values(parts.train));
    expect(values(prepareRunData({ all }, { seed: 5 }).validation)).toEqual(values(validation));
  });

  it('filters classes before splitting, so the hold-out is a share of the kept classes', () => {
    const all = images(40);
    const { train, validation } = prepareRunData({ all }, { seed: 2, classes: ['b', '3'] });
    // Kept: the 20 examples with labels 1 (b) and 3 (label number 3, 'd'): i = 1, 3, 5, …
    const kept = Array.from({ length: 20 }, (_, k) => 2 * k + 1);
    const held = Array.from(createRng(2).permutation(20).slice(0, 2))
      .sort((a, b) => a - b)
      .map((k) => kept[k] as number);
    expect(values(validation)).toEqual(held.map((i) => Math.fround(i / 40)));
    expect(train.count).toBe(18);
    expect(new Set([...ids(train), ...ids(validation)])).toEqual(new Set([1, 3]));
    expect(validation.name).toBe('toy-b+d-validation');
  });

  it('takes a hold-out count, and with 0 validates on the training part', () => {
    const all = images(10);
    expect(prepareRunData({ all }, { seed: 0, holdOut: 3 }).validation.count).toBe(3);
    const none = prepareRunData({ all }, { seed: 0, holdOut: 0 });
    expect(none.validation).toBe(none.train);
    expect(none.train.count).toBe(10);
  });
});

describe('prepareRunData: a source with a test split', () => {
  it('filters both splits and limits training to n, validation to min(n, count)', () => {
    const train = images(12, 'tr');
    const validation = images(8, 'te');
    const out = prepareRunData({ train, validation }, { classes: ['a', 'c'], limit: 5 });
    // a, c = labels 0, 2: training i = 0, 2, 4, 6, 8 (first 5 of 6); test i = 0, 2, 4, 6.
    expect(values(out.train)).toEqual([0, 2, 4, 6, 8].map((i) => Math.fround(i / 12)));
    expect(values(out.validation)).toEqual([0, 2, 4, 6].map((i) => Math.fround(i / 8)));
    expect(out.train.name).toBe('tr-a+c');
    // No classes, no limit: the splits as they are.
    const same = prepareRunData({ train, validation });
    expect(same.train).toBe(train);
    expect(same.validation).toBe(validation);
  });
});

describe('prepareRunData: real-valued data', () => {
  it('standardizes both parts with statistics of the training part only (by hand)', () => {
    const train = table([
      [1, 7],
      [2, 7],
      [3, 7],
      [4, 7],
    ]);
    const validation = table([[5, 9]]);
    const out = prepareRunData({ train, validation });
    // Feature 0: mean 2.5, population variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25.
    // Feature 1 is constant: mean 7, std 1 (centred only).
    const s = Math.sqrt(1.25);
    expect(Array.from(out.standardizer?.mean ?? [])).toEqual([2.5, 7]);
    expect(out.standardizer?.std[0]).toBeCloseTo(s, 6);
    expect(out.standardizer?.std[1]).toBe(1);
    const z = [-1.5 / s, 0, -0.5 / s, 0, 0.5 / s, 0, 1.5 / s, 0];
    values(out.train).forEach((v, i) => {
      expect(v).toBeCloseTo(z[i] as number, 6);
    });
    // (5 − 2.5) / √1.25 = √5; (9 − 7) / 1 = 2.
    expect(values(out.validation)[0]).toBeCloseTo(Math.sqrt(5), 6);
    expect(values(out.validation)[1]).toBeCloseTo(2, 6);
    expect(out.validation.domain).toBe('real');
  });

  it('fits after the limit: only the rows the model trains on count', () => {
    const train = table([
      [1, 0],
      [3, 0],
      [100, 0],
    ]);
    const out = prepareRunData({ train, validation: table([[2, 0]]) }, { limit: 2 });
    // Rows 1 and 3: mean 2, std 1; row 100 is never seen.
    expect(Array.from(out.standardizer?.mean ?? [])).toEqual([2, 0]);
    expect(Array.from(out.standardizer?.std ?? [])).toEqual([1, 1]);
    expect(values(out.train)).toEqual([-1, 0, 1, 0]);
    expect(values(out.validation)).toEqual([0, 0]);
  });

  it('a whole table: statistics of the rows left for training, never of the held-out rows', () => {
    const rows: [number, number][] = Array.from({ length: 10 }, (_, i) => [i * i, 10 - i]);
    const out = prepareRunData({ all: table(rows) }, { seed: 3, holdOut: 3 });
    const trained = ids(out.train);
    expect(trained).toHaveLength(7);
    expect(ids(out.validation).some((i) => trained.includes(i))).toBe(false);
    // float64 re-computation over the training rows (found by their ids).
    for (const f of [0, 1]) {
      const v = trained.map((i) => (rows[i] as [number, number])[f] as number);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
      expect(out.standardizer?.mean[f]).toBeCloseTo(mean, 4);
      expect(out.standardizer?.std[f]).toBeCloseTo(std, 4);
      const held = ids(out.validation)[0] as number;
      expect(out.validation.x[f]).toBeCloseTo(
        (((rows[held] as number[])[f] as number) - mean) / std,
        4,
      );
    }
  });
});

describe('prepareRunData: errors', () => {
  it('names what is wrong', () => {
    expect(thrownBy(() => prepareRunData({} as never)).code).toBe('DATASET_BAD_OPTIONS');
    expect(thrownBy(() => prepareRunData({ all: images(10) }, { limit: 10 })).code).toBe(
      'DATASET_LIMIT_TOO_LARGE',
    );
    expect(thrownBy(() => prepareRunData({ all: images(10) }, { holdOut: 1.5 })).code).toBe(
      'DATASET_BAD_PARAMETER',
    );
    expect(thrownBy(() => prepareRunData({ all: images(10) }, { seed: 0.5 })).code).toBe(
      'DATASET_BAD_PARAMETER',
    );
    expect(thrownBy(() => prepareRunData({ all: images(10) }, { classes: ['e'] })).code).toBe(
      'CLASS_NOT_FOUND',
    );
  });
});
