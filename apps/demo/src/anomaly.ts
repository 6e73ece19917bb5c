/**
 * Anomaly scores: Σ(x − x̂)² of an example and its reconstruction, summarized over validation
 * data by quantiles, and placed against those quantiles for a new example.
 */
import type { AnomalyQuantiles, ExportJson } from './export-format.js';

/** Σ (x_i − x̂_i)² of one example; `x` and `xHat` have the same length. */
export function squaredError(x: ArrayLike<number>, xHat: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] as number) - (xHat[i] as number);
    sum += d * d;
  }
  return sum;
}

/**
 * The `p`-quantile (p in [0, 1]) of ascending `sorted` values, interpolating linearly between
 * the two nearest ranks: position p·(n − 1).
 */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = p * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] as number;
  return a + (pos - lo) * ((sorted[hi] as number) - a);
}

/** The `anomaly` block of `export.json` for validation scores `scores`. */
export function summarizeScores(scores: ArrayLike<number>): ExportJson['anomaly'] {
  const sorted = Float64Array.from(scores).sort();
  const n = sorted.length;
  let mean = 0;
  for (const s of sorted) mean += s / n;
  let variance = 0;
  for (const s of sorted) variance += (s - mean) ** 2 / n;
  return {
    score: 'squared-error',
    quantiles: {
      p50: quantile(sorted, 0.5),
      p90: quantile(sorted, 0.9),
      p95: quantile(sorted, 0.95),
      p99: quantile(sorted, 0.99),
    },
    mean,
    std: Math.sqrt(variance),
  };
}

/** Where a score falls among the validation scores. */
export interface ScoreRank {
  /**
   * The estimated percentile, 50…99, interpolated linearly between the known quantiles;
   * clamped to 50 below the median and 99 above the 99th percentile (see `bound`).
   */
  percentile: number;
  /** `'below'` the median, `'above'` the 99th percentile, or `'within'` them. */
  bound: 'below' | 'within' | 'above';
  /** A short phrase for people, e.g. "≈ 93rd percentile". */
  text: string;
}

function ordinal(n: number): string {
  const r = n % 100;
  if (r >= 11 && r <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** Ranks `score` against validation quantiles `q` (higher = more unusual). */
export function rankScore(score: number, q: AnomalyQuantiles): ScoreRank {
  const points: Array<[number, number]> = [
    [q.p50, 50],
    [q.p90, 90],
    [q.p95, 95],
    [q.p99, 99],
  ];
  if (score < q.p50) return { percentile: 50, bound: 'below', text: 'below the median: typical' };
  if (score > q.p99) {
    return { percentile: 99, bound: 'above', text: 'above the 99th percentile: anomalous' };
  }
  let percentile = 99;
  for (let i = 0; i + 1 < points.length; i++) {
    const [s0, p0] = points[i] as [number, number];
    const [s1, p1] = points[i + 1] as [number, number];
    if (score <= s1) {
      percentile = s1 === s0 ? p0 : p0 + ((score - s0) / (s1 - s0)) * (p1 - p0);
      break;
    }
  }
  const rounded = Math.round(percentile);
  return { percentile, bound: 'within', text: `≈ ${ordinal(rounded)} percentile` };
}
