import { describe, expect, it } from 'vitest';
import { anomalyStats, rankScore, squaredError } from './anomaly-stats.js';

const q = { p50: 10, p90: 20, p95: 30, p99: 50 };

describe('squaredError', () => {
  it('sums squared differences', () => {
    // (1-0)^2 + (0.5-0.25)^2 + (0-0)^2 = 1.0625
    expect(squaredError([1, 0.5, 0], [0, 0.25, 0])).toBeCloseTo(1.0625, 12);
  });
});

describe('anomalyStats', () => {
  it('gives type-7 quantiles, mean and population std of unsorted scores', () => {
    const scores = Array.from({ length: 101 }, (_, i) => (i * 37) % 101); // a permutation of 0…100
    const s = anomalyStats(scores);
    expect(s.quantiles).toEqual({ p50: 50, p90: 90, p95: 95, p99: 99 });
    expect(s.mean).toBeCloseTo(50, 10);
    // population variance of 0…100 = (101² − 1) / 12 = 850
    expect(s.std).toBeCloseTo(Math.sqrt(850), 10);
    expect(s.score).toBe('squared-error');
  });

  it('interpolates between order statistics where the quantiles fall between them', () => {
    // 1 … 11 scaled by 2: position q · 10 → p90 at 9 (18 + 2 = 20), p95 at 9.5 (21), p99 at 9.9 (21.8).
    const s = anomalyStats(Float32Array.from({ length: 11 }, (_, i) => 2 * (i + 1)));
    expect(s.quantiles.p50).toBe(12);
    expect(s.quantiles.p90).toBeCloseTo(20, 12);
    expect(s.quantiles.p95).toBeCloseTo(21, 12);
    expect(s.quantiles.p99).toBeCloseTo(21.8, 12);
    expect(s.mean).toBe(12);
    // Population variance of 2·(1 … 11) = 4 · (11² − 1) / 12 = 40.
    expect(s.std).toBeCloseTo(Math.sqrt(40), 12);
    expect(() => anomalyStats([])).toThrow(/no values/);
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
