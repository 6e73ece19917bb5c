import { describe, expect, it } from 'vitest';
import { EvaluationError } from './evaluation-error.js';
import { mean, meanStd, quantile, quantiles } from './stats.js';

/** The code of the EvaluationError `run` throws (fails the test when it throws none). */
function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EvaluationError);
    return (error as EvaluationError).code;
  }
  throw new Error('expected an EvaluationError');
}

describe('quantile', () => {
  it('interpolates between order statistics (type 7)', () => {
    // Sorted: 1 2 3 4 10; q = 0.9 → position 3.6 → 4 + 0.6·6 = 7.6.
    const v = [10, 3, 1, 4, 2];
    expect(quantile(v, 0.9)).toBeCloseTo(7.6, 12);
    expect(quantile(v, 0.5)).toBe(3);
    expect(quantile(v, 0)).toBe(1);
    expect(quantile(v, 1)).toBe(10);
    expect(quantiles([5], [0.01, 0.99])).toEqual([5, 5]);
    // 1 … 5: position 0.9 · 4 = 3.6 → 4 + 0.6 · (5 − 4).
    expect(quantile([5, 4, 3, 2, 1], 0.9)).toBeCloseTo(4.6, 12);
  });

  it('refuses no values and q outside [0, 1] with typed errors', () => {
    expect(() => quantile([], 0.5)).toThrow(/no values/);
    expect(() => quantile([1], 1.5)).toThrow(/got 1.5/);
    expect(codeOf(() => quantile([1], Number.NaN))).toBe('EVAL_BAD_OPTION');
    expect(codeOf(() => quantile([], 0.5))).toBe('EVAL_EMPTY_DATASET');
    expect(codeOf(() => meanStd([]))).toBe('EVAL_EMPTY_DATASET');
  });
});

describe('mean and meanStd', () => {
  it('give the mean and the population standard deviation', () => {
    // 2 4 4 4 5 5 7 9: mean 5, variance 32 / 8 = 4.
    expect(meanStd([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, std: 2 });
    expect(mean(Float32Array.from([0.5, 0.25]))).toBe(0.375);
    expect(mean([])).toBeNaN();
    expect(() => meanStd([])).toThrow(/no values/);
  });

  it('sums in float64: a float32 running sum would drift', () => {
    // 10⁶ copies of 0.1 (as float32, 0.100000001490116…): float64 keeps the mean to 1e-12.
    const v = new Float32Array(1_000_000).fill(0.1);
    expect(mean(v)).toBeCloseTo(Math.fround(0.1), 12);
  });
});
