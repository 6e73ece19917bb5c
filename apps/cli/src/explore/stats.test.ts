import { describe, expect, it } from 'vitest';
import { meanStd, quantile, quantiles } from './stats.js';

describe('quantile', () => {
  it('interpolates between order statistics (type 7)', () => {
    // Sorted: 1 2 3 4 10; q = 0.9 → position 3.6 → 4 + 0.6·6 = 7.6.
    const v = [10, 3, 1, 4, 2];
    expect(quantile(v, 0.9)).toBeCloseTo(7.6, 12);
    expect(quantile(v, 0.5)).toBe(3);
    expect(quantile(v, 0)).toBe(1);
    expect(quantile(v, 1)).toBe(10);
    expect(quantiles([5], [0.01, 0.99])).toEqual([5, 5]);
  });

  it('refuses no values and q outside [0, 1]', () => {
    expect(() => quantile([], 0.5)).toThrow(/no values/);
    expect(() => quantile([1], 1.5)).toThrow(/got 1.5/);
  });
});

describe('meanStd', () => {
  it('gives the mean and the population standard deviation', () => {
    // 2 4 4 4 5 5 7 9: mean 5, variance 32 / 8 = 4.
    expect(meanStd([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, std: 2 });
  });
});
