import { describe, expect, it } from 'vitest';
import { classesOf } from './classes.js';

describe('classesOf', () => {
  it('lists the labels that occur, ascending, named by the label', () => {
    expect(classesOf({ labels: Int32Array.from([3, 1, 3]) })).toEqual([
      { label: 1, name: '1' },
      { label: 3, name: '3' },
    ]);
  });

  it('lists every class name by its label, whether or not it occurs', () => {
    expect(classesOf({ labels: Int32Array.from([0]), classNames: ['a', 'b'] })).toEqual([
      { label: 0, name: 'a' },
      { label: 1, name: 'b' },
    ]);
  });

  it('has no classes for unlabelled, unnamed data', () => {
    expect(classesOf({})).toEqual([]);
  });
});
