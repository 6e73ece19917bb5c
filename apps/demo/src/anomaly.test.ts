import { describe, expect, it } from 'vitest';
import { quantile, rankScore, squaredError, summarizeScores } from './anomaly.js';

const q = { p50: 10, p90: 20, p95: 30, p99: 50 };

describe('squaredError', () => {
  it('sums squared differences', () => {
    // (1-0)^2 + (0.5-0.25)^2 + (0-0)^2 = 1.0625
    expect(squaredError([1, 0.5, 0], [0, 0.25, 0])).toBeCloseTo(1.0625, 12);
  });
});

describe('quantile', () => {
  it('interpolates between ranks', () => {
    const v = [1, 2, 3, 4, 5];
    expect(quantile(v, 0)).toBe(1);
    expect(quantile(v, 0.5)).toBe(3);
    expect(quantile(v, 1)).toBe(5);
    // position 0.9 * 4 = 3.6 → 4 + 0.6 * (5 - 4)
    expect(quantile(v, 0.9)).toBeCloseTo(4.6, 12);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('summarizeScores', () => {
  it('gives quantiles, mean and population std of unsorted scores', () => {
    const scores = Array.from({ length: 101 }, (_, i) => (i * 37) % 101); // a permutation of 0…100
    const s = summarizeScores(scores);
    expect(s.quantiles).toEqual({ p50: 50, p90: 90, p95: 95, p99: 99 });
    expect(s.mean).toBeCloseTo(50, 10);
    // population variance of 0…100 = (101² − 1) / 12 = 850
    expect(s.std).toBeCloseTo(Math.sqrt(850), 10);
    expect(s.score).toBe('squared-error');
  });
});

describe('rankScore', () => {
  it('interpolates between the quantiles', () => {
    expect(rankScore(15, q).percentile).toBeCloseTo(70, 12);
    expect(rankScore(25, q).percentile).toBeCloseTo(92.5, 12);
    expect(rankScore(40, q).percentile).toBeCloseTo(97, 12);
    expect(rankScore(20, q).percentile).toBeCloseTo(90, 12);
    expect(rankScore(40, q).text).toBe('≈ 97th percentile');
    expect(rankScore(25, q).text).toBe('≈ 93rd percentile');
  });
  it('clamps outside the median … 99th range and says so', () => {
    expect(rankScore(3, q)).toMatchObject({ percentile: 50, bound: 'below' });
    expect(rankScore(51, q)).toMatchObject({ percentile: 99, bound: 'above' });
    expect(rankScore(50, q)).toMatchObject({ percentile: 99, bound: 'within' });
  });
  it('handles tied quantiles', () => {
    expect(rankScore(10, { p50: 10, p90: 10, p95: 10, p99: 10 }).percentile).toBe(50);
  });
});
