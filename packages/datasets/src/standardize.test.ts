import { describe, expect, it } from 'vitest';
import type { Dataset } from './dataset.js';
import { DatasetError } from './dataset-error.js';
import { fitStandardizer, standardize } from './standardize.js';

/** A tabular dataset of `rows` (each row one example of 2 features). */
function table(name: string, rows: number[][]): Dataset {
  return {
    name,
    x: Float32Array.from(rows.flat()),
    shape: [1, 2, 1],
    count: rows.length,
    labels: Int32Array.from(rows.map((_, i) => i % 2)),
    classNames: ['a', 'b'],
  };
}

describe('fitStandardizer / standardize', () => {
  // Feature 0: 1, 3, 5, 7 → mean 4, population variance (9 + 1 + 1 + 9) / 4 = 5.
  // Feature 1: constant 10 → std 0, replaced by 1.
  const train = table('train', [
    [1, 10],
    [3, 10],
    [5, 10],
    [7, 10],
  ]);
  const test = table('test', [
    [9, 4],
    [-1, 12],
  ]);

  it('fits per-feature mean and population std, 1 for a constant feature', () => {
    const stats = fitStandardizer(train);
    expect(Array.from(stats.mean)).toEqual([4, 10]);
    expect(stats.std[0]).toBe(Math.fround(Math.sqrt(5)));
    expect(stats.std[1]).toBe(1);
  });

  it('standardizes the training split to mean 0 and std 1', () => {
    const z = standardize(train, fitStandardizer(train));
    const s5 = Math.sqrt(5);
    const expected = [-3 / s5, 0, -1 / s5, 0, 1 / s5, 0, 3 / s5, 0];
    z.x.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i] as number, 6);
    });
    expect(z.domain).toBe('real');
    expect(z.labels).toBe(train.labels);
    expect(z.classNames).toEqual(['a', 'b']);
    expect(train.x[0]).toBe(1); // the input is not modified
  });

  it('applies the training statistics to the test split', () => {
    const z = standardize(test, fitStandardizer(train));
    const s5 = Math.sqrt(5);
    // (9 − 4)/√5, (4 − 10)/1, (−1 − 4)/√5, (12 − 10)/1: the train statistics.
    const expected = [5 / s5, -6, -5 / s5, 2];
    z.x.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i] as number, 6);
    });
    // With the test split's own statistics (mean 4, 8; std 5, 4) it would differ.
    const own = standardize(test, fitStandardizer(test));
    expect(Array.from(own.x)).toEqual([1, -1, -1, 1]);
    expect(z.x[0]).not.toBeCloseTo(own.x[0] as number, 3);
  });

  it('is exact in float64 for values with a large offset', () => {
    // 1e6 + {0, 1, 2}: mean 1e6 + 1, std √(2/3); a one-pass E[x²] − E[x]² in float32 fails.
    const ds = table('big', [
      [1e6, 0],
      [1e6 + 1, 1],
      [1e6 + 2, 2],
    ]);
    const stats = fitStandardizer(ds);
    expect(stats.mean[0]).toBe(1e6 + 1);
    expect(stats.std[0]).toBeCloseTo(Math.sqrt(2 / 3), 6);
    expect(stats.std[1]).toBeCloseTo(Math.sqrt(2 / 3), 6);
  });

  it('rejects an empty dataset and mismatched statistics', () => {
    const empty = table('none', []);
    expect(() => fitStandardizer(empty)).toThrow(DatasetError);
    try {
      fitStandardizer(empty);
    } catch (e) {
      expect((e as DatasetError).code).toBe('DATASET_EMPTY');
    }
    const bad = { mean: new Float32Array(3), std: new Float32Array(3).fill(1) };
    expect(() => standardize(train, bad)).toThrow(/2 features .* 3 means/);
    const zero = { mean: new Float32Array(2), std: new Float32Array([1, 0]) };
    expect(() => standardize(train, zero)).toThrow(/std of feature 1 is 0/);
  });
});
