import type { Dataset } from '@ae/datasets';
import { describe, expect, it } from 'vitest';
import { classesOf } from './classes.js';

const data = (labels: number[], classNames?: string[]): Dataset => ({
  name: 'toy',
  x: new Float32Array(labels.length),
  shape: [1, 1, 1],
  count: labels.length,
  labels: Int32Array.from(labels),
  ...(classNames ? { classNames } : {}),
});

describe('classesOf', () => {
  it('lists classes by name, or the labels that occur in ascending order', () => {
    expect(classesOf(data([3, 1, 3]))).toEqual([
      { label: 1, name: '1' },
      { label: 3, name: '3' },
    ]);
    expect(classesOf(data([0], ['a', 'b']))).toEqual([
      { label: 0, name: 'a' },
      { label: 1, name: 'b' },
    ]);
    expect(classesOf({ labels: undefined })).toEqual([]);
  });
});
