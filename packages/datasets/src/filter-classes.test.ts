import { describe, expect, it } from 'vitest';
import { type Dataset, validateDataset } from './dataset.js';
import { DatasetError } from './dataset-error.js';
import { filterClasses } from './filter-classes.js';

/** 8 examples [1, 1, 1], x = i, labels [0, 3, 1, 3, 2, 0, 3, 1], digits '0'…'4'. */
function make(): Dataset {
  return {
    name: 'digits',
    x: Float32Array.from({ length: 8 }, (_, i) => i / 10),
    shape: [1, 1, 1],
    count: 8,
    labels: Int32Array.from([0, 3, 1, 3, 2, 0, 3, 1]),
    classNames: ['0', '1', '2', '3', '4'],
    factors: {
      names: ['f'],
      sizes: [8],
      levels: [[0, 1, 2, 3, 4, 5, 6, 7]],
      values: Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]),
    },
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

describe('filterClasses', () => {
  it('keeps only one class, with original labels and classNames', () => {
    const threes = filterClasses(make(), [3]);
    expect(Array.from(threes.x)).toEqual([0.1, 0.3, 0.6].map(Math.fround));
    expect(Array.from(threes.labels ?? [])).toEqual([3, 3, 3]);
    expect(threes.classNames).toEqual(['0', '1', '2', '3', '4']);
    expect(Array.from(threes.factors?.values ?? [])).toEqual([1, 3, 6]);
    expect(threes.name).toBe('digits-3');
    validateDataset(threes);
  });

  it('accepts names and numbers, mixed, in the original order', () => {
    const some = filterClasses(make(), ['1', 0]);
    expect(Array.from(some.labels ?? [])).toEqual([0, 1, 0, 1]);
    expect(Array.from(some.x)).toEqual([0, 0.2, 0.5, 0.7].map(Math.fround));
    expect(some.name).toBe('digits-1+0');
  });

  it('names an unknown class and lists the available ones', () => {
    expect(() => filterClasses(make(), ['seven'])).toThrow(
      /class "seven" is not one of its class names\. Available: 0 \('0'\), 1 \('1'\), 2 \('2'\), 3 \('3'\), 4 \('4'\)\./,
    );
    expect(codeOf(() => filterClasses(make(), [5]))).toBe('CLASS_NOT_FOUND');
    expect(codeOf(() => filterClasses(make(), [1.5]))).toBe('CLASS_NOT_FOUND');
    const { classNames: _c, ...bare } = make();
    expect(() => filterClasses(bare, [4])).toThrow(
      /class 4 is not one of its labels\. Available: 0, 1, 2, 3\./,
    );
    expect(() => filterClasses(bare, ['3'])).toThrow(/has no classNames/);
  });

  it('refuses a known class with no examples, an empty list and an unlabelled dataset', () => {
    expect(codeOf(() => filterClasses(make(), ['4']))).toBe('DATASET_EMPTY');
    expect(() => filterClasses(make(), [4])).toThrow(/no example has class 4/);
    expect(codeOf(() => filterClasses(make(), []))).toBe('DATASET_BAD_OPTIONS');
    const { labels: _l, ...unlabelled } = make();
    expect(() => filterClasses(unlabelled, [0])).toThrow(/has no labels/);
  });
});
