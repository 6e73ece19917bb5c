import { describe, expect, it } from 'vitest';
import type { DatasetError } from './dataset-error.js';
import { oneHot } from './one-hot.js';

describe('oneHot', () => {
  it('sets one 1 per row at the label', () => {
    expect(Array.from(oneHot(Int32Array.from([2, 0, 1, 2]), 3))).toEqual([
      0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1,
    ]);
    expect(oneHot(new Int32Array(0), 5).length).toBe(0);
    expect(oneHot(Int32Array.from([0]), 1)).toEqual(Float32Array.from([1]));
  });

  it('names the index and value of a label out of range', () => {
    expect(() => oneHot(Int32Array.from([0, 1, 3]), 3)).toThrow(
      /labels\[2\] is 3, expected an integer in \[0, 3\)/,
    );
    try {
      oneHot(Int32Array.from([-1]), 3);
    } catch (e) {
      expect((e as DatasetError).code).toBe('LABEL_OUT_OF_RANGE');
    }
    expect.assertions(2);
  });

  it.each([0, -2, 1.5, Number.NaN])('rejects numClasses %s', (n) => {
    expect(() => oneHot(Int32Array.from([0]), n)).toThrow(/numClasses must be an integer ≥ 1/);
  });
});
