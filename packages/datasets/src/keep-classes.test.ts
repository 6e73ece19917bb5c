import { describe, expect, it } from 'vitest';
import type { Dataset } from './dataset.js';
import { classOfToken, keepClasses } from './keep-classes.js';
import { thrownBy } from './test-utils/dataset-errors.js';

/** 6 examples [1, 1, 1], x = i, labels 0 1 2 0 1 2. */
function make(classNames?: string[]): Dataset {
  return {
    name: 'toy',
    x: Float32Array.from([0, 1, 2, 3, 4, 5]),
    shape: [1, 1, 1],
    count: 6,
    labels: Int32Array.from([0, 1, 2, 0, 1, 2]),
    ...(classNames ? { classNames } : {}),
  };
}

describe('classOfToken', () => {
  it('reads a class name as a name, any other integer as a label', () => {
    const digits = make(['0', '1', '2']);
    const words = make(['cat', 'dog', '1']);
    expect(classOfToken(digits, '2')).toBe('2');
    expect(classOfToken(words, 'dog')).toBe('dog');
    // '1' is a class name of `words` (label 2), '0' is not: it is label 0.
    expect(classOfToken(words, '1')).toBe('1');
    expect(classOfToken(words, '0')).toBe(0);
    expect(classOfToken(make(), '02')).toBe(2);
    // Not digits: a name, which the dataset may lack.
    expect(classOfToken(make(), '-1')).toBe('-1');
    expect(classOfToken(make(), 'cat')).toBe('cat');
    expect(classOfToken(words, 4)).toBe(4);
  });
});

describe('keepClasses', () => {
  it('keeps the classes the tokens name, in order, with their labels', () => {
    const words = make(['cat', 'dog', '1']);
    // 'dog' is label 1; '1' is the class name of label 2.
    const kept = keepClasses(words, ['dog', '1']);
    expect(Array.from(kept.x)).toEqual([1, 2, 4, 5]);
    expect(Array.from(kept.labels ?? [])).toEqual([1, 2, 1, 2]);
    expect(Array.from(keepClasses(words, ['0']).x)).toEqual([0, 3]);
    expect(Array.from(keepClasses(make(), ['2']).x)).toEqual([2, 5]);
  });

  it('reports an unknown class with the classes there are', () => {
    const e = thrownBy(() => keepClasses(make(['cat', 'dog', 'owl']), ['7']));
    expect(e.code).toBe('CLASS_NOT_FOUND');
    expect(e.message).toContain("0 ('cat'), 1 ('dog'), 2 ('owl')");
  });
});
