import { createRng } from '@ae/backend';
import { describe, expect, it } from 'vitest';
import { type Dataset, validateDataset } from './dataset.js';
import { DatasetError } from './dataset-error.js';
import { type SplitOptions, split } from './split.js';

/** n examples [1, 1, 1] with x = i (as an id), labels from `labelOf`, factor i % 4. */
function make(n: number, labelOf: (i: number) => number = (i) => i % 3): Dataset {
  return {
    name: 'ids',
    x: Float32Array.from({ length: n }, (_, i) => i),
    shape: [1, 1, 1],
    count: n,
    labels: Int32Array.from({ length: n }, (_, i) => labelOf(i)),
    classNames: ['a', 'b', 'c'],
    domain: 'real',
    factors: {
      names: ['f'],
      sizes: [4],
      levels: [[0, 1, 2, 3]],
      values: Int32Array.from({ length: n }, (_, i) => i % 4),
    },
  };
}

const ids = (ds: Dataset | undefined): number[] => Array.from(ds?.x ?? []);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DatasetError) return e.code;
    throw e;
  }
  return undefined;
}

function expectPartition(ds: Dataset, parts: (Dataset | undefined)[]): void {
  const all = parts.flatMap(ids).sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: ds.count }, (_, i) => i));
  for (const p of parts) {
    if (p === undefined) continue;
    // Rows keep their labels and factors; each part stays in the original order.
    p.x.forEach((id, k) => {
      expect(p.labels?.[k]).toBe(ds.labels?.[id]);
      expect(p.factors?.values[k]).toBe(id % 4);
    });
    expect(ids(p)).toEqual([...ids(p)].sort((a, b) => a - b));
    expect(p.domain).toBe('real');
    validateDataset(p);
  }
}

describe('split', () => {
  it('makes disjoint, covering parts of the requested sizes and names', () => {
    const ds = make(100);
    const { train, validation, test } = split(ds, { validation: 0.15, test: 20, seed: 1 });
    expect([train.count, validation?.count, test?.count]).toEqual([65, 15, 20]);
    expect([train.name, validation?.name, test?.name]).toEqual([
      'ids-train',
      'ids-validation',
      'ids-test',
    ]);
    expectPartition(ds, [train, validation, test]);
  });

  it('cuts the seeded permutation: test first, then validation, rest train', () => {
    const ds = make(10);
    const r = split(ds, { validation: 3, test: 2, seed: 7 });
    const perm = Array.from(createRng(7).permutation(10));
    const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
    expect(ids(r.test)).toEqual(sorted(perm.slice(0, 2)));
    expect(ids(r.validation)).toEqual(sorted(perm.slice(2, 5)));
    expect(ids(r.train)).toEqual(sorted(perm.slice(5)));
  });

  it('omits parts not asked for or of size 0, and rounds fractions', () => {
    const r = split(make(10), { validation: 0.26, test: 0, seed: 0 });
    expect(r.validation?.count).toBe(3);
    expect('test' in r).toBe(false);
    expect(r.train.count).toBe(7);
  });

  it('repeats for a seed and differs between seeds', () => {
    const a = split(make(50), { test: 0.2, seed: 3 });
    const b = split(make(50), { test: 0.2, seed: 3 });
    const c = split(make(50), { test: 0.2, seed: 4 });
    expect(ids(a.test)).toEqual(ids(b.test));
    expect(ids(a.test)).not.toEqual(ids(c.test));
  });

  it('stratifies: each class within one example of its share in every part', () => {
    // Unbalanced classes: 60 a, 30 b, 12 c.
    const ds = make(102, (i) => (i < 60 ? 0 : i < 90 ? 1 : 2));
    const shares = [60, 30, 12];
    for (const seed of [0, 1, 2]) {
      const r = split(ds, { validation: 0.2, test: 0.3, seed, stratify: true });
      expectPartition(ds, [r.train, r.validation, r.test]);
      for (const part of [r.train, r.validation, r.test]) {
        const p = part as Dataset;
        const counts = [0, 0, 0];
        for (const l of p.labels ?? []) counts[l] = (counts[l] as number) + 1;
        shares.forEach((n, c) => {
          expect(Math.abs((counts[c] as number) - (n * p.count) / 102)).toBeLessThanOrEqual(1.5);
        });
      }
    }
    // Balanced classes split exactly.
    const even = split(make(90), { test: 30, seed: 5, stratify: true });
    expect(Array.from(even.test?.labels ?? []).filter((l) => l === 2).length).toBe(10);
  });

  it.each<[string, SplitOptions, string, RegExp]>([
    ['no parts', { seed: 0 }, 'DATASET_BAD_OPTIONS', /pass validation and\/or test/],
    ['no seed', { test: 0.1 }, 'DATASET_BAD_OPTIONS', /splitting needs a seeded generator/],
    [
      'fraction',
      { test: 1.5, seed: 0 },
      'DATASET_BAD_PARAMETER',
      /test must be a fraction in \[0, 1\) or an integer count ≥ 1, got 1.5/,
    ],
    ['negative', { validation: -0.1, seed: 0 }, 'DATASET_BAD_PARAMETER', /validation must be/],
    [
      'too large',
      { validation: 6, test: 4, seed: 0 },
      'DATASET_BAD_PARAMETER',
      /validation \(6\) \+ test \(4\) examples leave none of the 10/,
    ],
    [
      'rounding to 0',
      { test: 0.01, seed: 0 },
      'DATASET_EMPTY',
      /test 0.01 of 10 examples rounds to 0/,
    ],
  ])('rejects %s', (_what, options, code, message) => {
    expect(() => split(make(10), options)).toThrow(message);
    expect(codeOf(() => split(make(10), options))).toBe(code);
  });

  it('needs labels to stratify', () => {
    const { labels: _l, ...unlabelled } = make(10);
    expect(() => split(unlabelled, { test: 2, seed: 0, stratify: true })).toThrow(
      /stratify needs labels/,
    );
  });
});
