/**
 * The anomaly score of an export bundle: Σ (x − x̂)² of an example and its reconstruction,
 * summarized over validation data by quantiles, and placed against those quantiles for a
 * new example (e.g. a digit drawn in the page).
 */
import type { AnomalyQuantiles, AnomalyStats } from './export-json.js';
import { meanStd, quantiles } from './stats.js';

/** Σ (x_i − x̂_i)² of one example, summed in float64; `x` and `xHat` have the same length. */
export function squaredError(x: ArrayLike<number>, xHat: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] as number) - (xHat[i] as number);
    sum += d * d;
  }
  return sum;
}

/**
 * The `anomaly` block of `export.json` for validation scores (Σ (x − x̂)² per example):
 * type-7 quantiles, mean and population standard deviation, in float64.
 *
 * @throws EvaluationError `EVAL_EMPTY_DATASET` for no scores.
 */
export function anomalyStats(scores: ArrayLike<number>): AnomalyStats {
  const [p50, p90, p95, p99] = quantiles(scores, [0.5, 0.9, 0.95, 0.99]) as [
    number,
    number,
    number,
    number,
  ];
  return { score: 'squared-error', quantiles: { p50, p90, p95, p99 }, ...meanStd(scores) };
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

/** `n` as an English ordinal: 1st, 2nd, 3rd, 4th, 11th, 93rd. */
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
