import { describe, expect, it } from 'vitest';
import { type Dataset, exampleSize, limit, subset, validateDataset } from './dataset.js';
import { DatasetError } from './dataset-error.js';

/** 4 examples of shape [1, 2, 1]; example i holds [i/10, i/10 + 0.05]. */
function tiny(): Dataset {
  return {
    name: 'tiny',
    x: Float32Array.from([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35]),
    shape: [1, 2, 1],
    count: 4,
    labels: Int32Array.from([0, 1, 2, 1]),
    classNames: ['a', 'b', 'c'],
  };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DatasetError) return e.code;
    throw e;
  }
  return undefined;
}

describe('exampleSize', () => {
  it('is height × width × channels', () => {
    expect(exampleSize(tiny())).toBe(2);
    expect(exampleSize({ ...tiny(), shape: [28, 28, 3], x: new Float32Array(0), count: 0 })).toBe(
      2352,
    );
  });
});

describe('subset', () => {
  it('copies the rows and labels at the indices, in order, with repeats', () => {
    const ds = tiny();
    const s = subset(ds, [3, 0, 3], 'picked');
    expect(s.name).toBe('picked');
    expect(s.count).toBe(3);
    expect(Array.from(s.x)).toEqual(Array.from(Float32Array.from([0.3, 0.35, 0, 0.05, 0.3, 0.35])));
    expect(Array.from(s.labels ?? [])).toEqual([1, 0, 1]);
    expect(s.classNames).toEqual(['a', 'b', 'c']);
    expect(s.shape).toEqual([1, 2, 1]);
    validateDataset(s);
  });

  it('does not share memory with the source', () => {
    const ds = tiny();
    const s = subset(ds, [0]);
    s.x[0] = 1;
    (s.labels as Int32Array)[0] = 2;
    expect(ds.x[0]).toBe(0);
    expect(ds.labels?.[0]).toBe(0);
    expect(s.name).toBe('tiny-subset');
  });

  it('leaves labels absent for an unlabelled dataset', () => {
    const { labels: _l, classNames: _c, ...rest } = tiny();
    const s = subset(rest, Uint32Array.from([1]));
    expect('labels' in s).toBe(false);
    expect('classNames' in s).toBe(false);
  });

  it('rejects indices outside [0, count) naming the position and value', () => {
    expect(() => subset(tiny(), [0, 4])).toThrow(
      /indices\[1\] is 4, expected an integer in \[0, 4\)/,
    );
    expect(codeOf(() => subset(tiny(), [-1]))).toBe('DATASET_BAD_INDEX');
    expect(codeOf(() => subset(tiny(), [0.5]))).toBe('DATASET_BAD_INDEX');
  });
});

describe('limit', () => {
  it('keeps the first n examples as views with the same name', () => {
    const ds = tiny();
    const l = limit(ds, 2);
    expect(l.count).toBe(2);
    expect(l.name).toBe('tiny');
    expect(Array.from(l.x)).toEqual(Array.from(ds.x.slice(0, 4)));
    expect(Array.from(l.labels ?? [])).toEqual([0, 1]);
    expect(l.x.buffer).toBe(ds.x.buffer);
    validateDataset(l);
    expect(limit(ds, 0).count).toBe(0);
    expect(limit(ds, 4)).toBe(ds);
  });

  it('rejects n > count naming both numbers', () => {
    expect(codeOf(() => limit(tiny(), 5))).toBe('DATASET_LIMIT_TOO_LARGE');
    expect(() => limit(tiny(), 5)).toThrow(/limit 5 is larger than its 4 examples/);
  });

  it('rejects negative or fractional n', () => {
    expect(codeOf(() => limit(tiny(), -1))).toBe('DATASET_BAD_LIMIT');
    expect(codeOf(() => limit(tiny(), 1.5))).toBe('DATASET_BAD_LIMIT');
  });
});

describe('validateDataset', () => {
  it('accepts a consistent dataset', () => {
    expect(() => validateDataset(tiny(), { checkValues: true })).not.toThrow();
  });

  it.each<[string, Partial<Dataset>, RegExp]>([
    [
      'x length',
      { x: new Float32Array(7) },
      /x has 7 values but count × height × width × channels = 4 × 2 = 8/,
    ],
    ['label count', { labels: Int32Array.from([0, 1, 2]) }, /labels has 3 entries but count is 4/],
    [
      'label range',
      { labels: Int32Array.from([0, 1, 3, 0]) },
      /label of example 2 is 3, expected in \[0, 3\)/,
    ],
    ['negative label', { labels: Int32Array.from([0, -1, 0, 0]) }, /label of example 1 is -1/],
    ['shape', { shape: [1, 2] as unknown as [number, number, number] }, /shape must be/],
    ['zero dim', { shape: [0, 2, 1] }, /shape must be/],
    ['count', { count: 3.5 }, /count must be a non-negative integer/],
    [
      'x type',
      { x: [0, 0, 0, 0, 0, 0, 0, 0] as unknown as Float32Array },
      /x must be a Float32Array/,
    ],
  ])('rejects a bad %s', (_what, patch, message) => {
    const ds = { ...tiny(), ...patch };
    expect(() => validateDataset(ds)).toThrow(message);
    expect(codeOf(() => validateDataset(ds))).toBe('DATASET_INVALID');
  });

  it('scans values only when asked', () => {
    const ds = tiny();
    ds.x[5] = 1.5;
    expect(() => validateDataset(ds)).not.toThrow();
    expect(() => validateDataset(ds, { checkValues: true })).toThrow(
      /value 1.5 at example 2, offset 1 is outside \[0, 1\]/,
    );
    ds.x[5] = Number.NaN;
    expect(codeOf(() => validateDataset(ds, { checkValues: true }))).toBe('DATASET_INVALID');
  });
});

/** tiny() with two factors: 'a' of size 2 and 'b' of size 3; example i has (i % 2, i % 3). */
function withFactors(): Dataset {
  return {
    ...tiny(),
    domain: 'unit',
    factors: {
      names: ['a', 'b'],
      sizes: [2, 3],
      levels: [
        [0, 1],
        [0.5, 1, 1.5],
      ],
      values: Int32Array.from([0, 0, 1, 1, 0, 2, 1, 0]),
    },
  };
}

describe('factors and domain', () => {
  it('are carried by subset (rows gathered, copied) and limit (views)', () => {
    const ds = withFactors();
    const s = subset(ds, [3, 1, 3]);
    expect(Array.from(s.factors?.values ?? [])).toEqual([1, 0, 1, 1, 1, 0]);
    expect(s.factors?.names).toEqual(['a', 'b']);
    expect(s.factors?.levels).toEqual(ds.factors?.levels);
    expect(s.domain).toBe('unit');
    expect(s.factors?.values.buffer).not.toBe(ds.factors?.values.buffer);
    validateDataset(s);

    const l = limit(ds, 3);
    expect(Array.from(l.factors?.values ?? [])).toEqual([0, 0, 1, 1, 0, 2]);
    expect(l.factors?.values.buffer).toBe(ds.factors?.values.buffer);
    expect(l.domain).toBe('unit');
    validateDataset(l);
  });

  it('stay absent when the source has none', () => {
    const s = subset(tiny(), [0]);
    expect('factors' in s).toBe(false);
    expect('domain' in s).toBe(false);
    expect('factors' in limit(tiny(), 1)).toBe(false);
  });

  it('accepts consistent factors', () => {
    expect(() => validateDataset(withFactors(), { checkValues: true })).not.toThrow();
  });

  it.each<[string, (f: NonNullable<Dataset['factors']>) => object, RegExp]>([
    [
      'sizes length',
      (f) => ({ ...f, sizes: [2] }),
      /factors.sizes must have one entry per name \(2\), got 1/,
    ],
    [
      'levels length',
      (f) => ({ ...f, levels: [[0, 1]] }),
      /factors.levels must have one list per name/,
    ],
    [
      'size',
      (f) => ({ ...f, sizes: [0, 3] }),
      /factors.sizes\[0\] \('a'\) must be an integer ≥ 1, got 0/,
    ],
    [
      'level count',
      (f) => ({ ...f, levels: [[0, 1], [0.5]] }),
      /factors.levels\[1\] \('b'\) must list 3 values/,
    ],
    [
      'level value',
      (f) => ({
        ...f,
        levels: [
          [0, Number.NaN],
          [0, 1, 2],
        ],
      }),
      /factors.levels\[0\] \('a'\) must hold finite numbers/,
    ],
    [
      'values type',
      (f) => ({ ...f, values: [0, 0, 0, 0, 0, 0, 0, 0] }),
      /factors.values must be an Int32Array/,
    ],
    [
      'values length',
      (f) => ({ ...f, values: new Int32Array(6) }),
      /factors.values has 6 entries but count × names = 4 × 2 = 8/,
    ],
    [
      'value range',
      (f) => ({ ...f, values: Int32Array.from([0, 0, 1, 3, 0, 0, 0, 0]) }),
      /factor 'b' of example 1 is 3, expected in \[0, 3\)/,
    ],
    [
      'negative value',
      (f) => ({ ...f, values: Int32Array.from([0, 0, 0, 0, -1, 0, 0, 0]) }),
      /factor 'a' of example 2 is -1/,
    ],
  ])('rejects bad factors: %s', (_what, patch, message) => {
    const ds = withFactors();
    const bad = { ...ds, factors: patch(ds.factors as NonNullable<Dataset['factors']>) } as Dataset;
    expect(() => validateDataset(bad)).toThrow(message);
    expect(codeOf(() => validateDataset(bad))).toBe('DATASET_INVALID');
  });

  it('rejects an unknown domain', () => {
    const ds = { ...tiny(), domain: 'int' } as unknown as Dataset;
    expect(() => validateDataset(ds)).toThrow(/domain must be 'unit' or 'real', got "int"/);
  });

  it('checks values by domain: [0, 1] for unit, finite for real', () => {
    const ds = { ...tiny(), domain: 'real' as const };
    ds.x[3] = -2.5;
    ds.x[4] = 7;
    expect(() => validateDataset(ds, { checkValues: true })).not.toThrow();
    expect(() => validateDataset({ ...ds, domain: 'unit' }, { checkValues: true })).toThrow(
      /value -2.5 at example 1, offset 1 is outside \[0, 1\] \(domain 'unit'\)/,
    );
    expect(() => validateDataset({ ...ds, domain: undefined }, { checkValues: true })).toThrow(
      /outside \[0, 1\]/,
    );
    ds.x[5] = Number.POSITIVE_INFINITY;
    expect(() => validateDataset(ds, { checkValues: true })).toThrow(
      /value Infinity at example 2, offset 1 is not finite/,
    );
    ds.x[5] = Number.NaN;
    expect(codeOf(() => validateDataset(ds, { checkValues: true }))).toBe('DATASET_INVALID');
  });
});
