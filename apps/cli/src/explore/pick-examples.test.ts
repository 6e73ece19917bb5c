import type { Dataset } from '@ae/datasets';
import { createRng } from '@ae/datasets';
import { describe, expect, it } from 'vitest';
import { balancedIndices, evenlySpaced, gatherExamples, randomPairs } from './pick-examples.js';

describe('picking examples', () => {
  it('evenlySpaced spreads indices over the data', () => {
    expect(evenlySpaced(10, 4)).toEqual([0, 2, 5, 7]);
    expect(evenlySpaced(3, 10)).toEqual([0, 1, 2]);
  });

  it('balancedIndices takes classes in turn and fills in when one runs out', () => {
    const labels = new Int32Array([1, 1, 0, 1, 2, 1, 0]);
    expect(balancedIndices(labels, 7, 5)).toEqual([2, 0, 4, 6, 1]);
    // Class 2 has one example, class 0 two: the rest comes from class 1.
    expect(balancedIndices(labels, 7, 7)).toEqual([2, 0, 4, 6, 1, 3, 5]);
    expect(balancedIndices(undefined, 10, 4)).toEqual([0, 2, 5, 7]);
  });

  it('randomPairs draws seeded pairs of different (or the same) classes', () => {
    const labels = new Int32Array([0, 0, 0, 1, 1, 2, 2, 2, 2, 0]);
    const pairs = randomPairs(10, 50, createRng(3), labels);
    expect(pairs).toEqual(randomPairs(10, 50, createRng(3), labels));
    for (const [a, b] of pairs) expect(labels[a]).not.toBe(labels[b]);
    for (const [a, b] of randomPairs(10, 50, createRng(4), labels, 'same')) {
      expect(a).not.toBe(b);
      expect(labels[a]).toBe(labels[b]);
    }
    // One class only: any two distinct examples.
    for (const [a, b] of randomPairs(3, 20, createRng(5), new Int32Array(3))) expect(a).not.toBe(b);
    expect(() => randomPairs(1, 1, createRng(0))).toThrow(/at least 2 examples/);
  });

  it('gatherExamples copies rows and labels', () => {
    const ds: Dataset = {
      name: 't',
      x: new Float32Array([0, 1, 2, 3, 4, 5]),
      shape: [1, 2, 1],
      count: 3,
      labels: new Int32Array([7, 8, 9]),
    };
    const e = gatherExamples(ds, [2, 0]);
    expect(Array.from(e.x)).toEqual([4, 5, 0, 1]);
    expect(Array.from(e.labels)).toEqual([9, 7]);
  });
});
