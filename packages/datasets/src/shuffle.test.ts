import { createRng } from '@ae/backend';
import { describe, expect, it } from 'vitest';
import { type Dataset, validateDataset } from './dataset.js';
import { DatasetError } from './dataset-error.js';
import { shuffle } from './shuffle.js';

/** 6 examples [1, 1, 1]; value i/10, label i % 2, factor (i % 3). */
function make(): Dataset {
  return {
    name: 'six',
    x: Float32Array.from({ length: 6 }, (_, i) => i / 10),
    shape: [1, 1, 1],
    count: 6,
    labels: Int32Array.from({ length: 6 }, (_, i) => i % 2),
    classNames: ['even', 'odd'],
    domain: 'unit',
    factors: {
      names: ['f'],
      sizes: [3],
      levels: [[0, 1, 2]],
      values: Int32Array.from({ length: 6 }, (_, i) => i % 3),
    },
  };
}

describe('shuffle', () => {
  it('permutes rows, labels and factors together by the seeded permutation', () => {
    const ds = make();
    const s = shuffle(ds, { seed: 4 });
    const perm = Array.from(createRng(4).permutation(6));
    expect(perm).not.toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(s.x)).toEqual(perm.map((i) => Math.fround(i / 10)));
    expect(Array.from(s.labels ?? [])).toEqual(perm.map((i) => i % 2));
    expect(Array.from(s.factors?.values ?? [])).toEqual(perm.map((i) => i % 3));
    expect(s.name).toBe('six');
    expect(s.classNames).toEqual(['even', 'odd']);
    expect(s.domain).toBe('unit');
    validateDataset(s, { checkValues: true });
    // The source is untouched.
    expect(Array.from(ds.labels ?? [])).toEqual([0, 1, 0, 1, 0, 1]);
  });

  it('repeats for a seed and advances an rng', () => {
    expect(shuffle(make(), { seed: 1 }).x).toEqual(shuffle(make(), { seed: 1 }).x);
    const rng = createRng(1);
    const a = shuffle(make(), { rng });
    const b = shuffle(make(), { rng });
    expect(a.x).toEqual(shuffle(make(), { seed: 1 }).x);
    expect(b.x).not.toEqual(a.x);
  });

  it('needs exactly one of rng and seed', () => {
    expect(() => shuffle(make(), {})).toThrow(DatasetError);
    expect(() => shuffle(make(), {})).toThrow(
      /shuffle\('six'\): shuffling needs a seeded generator/,
    );
    expect(() => shuffle(make(), { seed: 1, rng: createRng(1) })).toThrow(/not both/);
  });
});
