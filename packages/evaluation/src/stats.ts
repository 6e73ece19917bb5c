/** Summary statistics of per-example values (reconstruction errors, scores, latent codes). */
import { obeys } from '@ae/core';
import { EvaluationError } from './evaluation-error.js';

/**
 * The `q`-quantile (q in [0, 1]) of `values` with linear interpolation between the two
 * nearest order statistics: position `q · (n − 1)` in the sorted values (Hyndman & Fan
 * type 7, the default of R and NumPy).
 *
 * @throws EvaluationError `EVAL_EMPTY_DATASET` for no values; `EVAL_BAD_OPTION` for q
 *   outside [0, 1].
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  return quantiles(values, [q])[0] as number;
}

/** {@link quantile} at several `qs`, sorting once (in float64). */
export function quantiles(values: ArrayLike<number>, qs: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) throw new EvaluationError('EVAL_EMPTY_DATASET', 'quantile: no values.');
  const sorted = Float64Array.from(values).sort();
  return qs.map((q) => {
    if (!obeys(q, 'probability')) {
      throw new EvaluationError('EVAL_BAD_OPTION', `quantile: q must be in [0, 1], got ${q}.`);
    }
    const at = q * (n - 1);
    const lo = Math.floor(at);
    const hi = Math.min(lo + 1, n - 1);
    const a = sorted[lo] as number;
    return a + (at - lo) * ((sorted[hi] as number) - a);
  });
}

/** Arithmetic mean of `values`, summed in float64 (NaN for no values). */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return sum / values.length;
}

/** What {@link meanStd} returns. */
export interface MeanStd {
  /** Arithmetic mean. */
  mean: number;
  /** Population standard deviation (divisor n). */
  std: number;
}

/**
 * Mean and population standard deviation (divisor n) of `values`, in float64.
 *
 * @throws EvaluationError `EVAL_EMPTY_DATASET` for no values.
 */
export function meanStd(values: ArrayLike<number>): MeanStd {
  const n = values.length;
  if (n === 0) throw new EvaluationError('EVAL_EMPTY_DATASET', 'meanStd: no values.');
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((values[i] as number) - m) ** 2;
  return { mean: m, std: Math.sqrt(ss / n) };
}
