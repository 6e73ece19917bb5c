/**
 * The receiver operating characteristic of a score that should rank positives (e.g.
 * anomalies) above negatives: its curve and the area under it.
 */
import { badOption } from './evaluation-batches.js';

/** The points of a ROC curve, aligned: point i is (`fpr[i]`, `tpr[i]`) at `thresholds[i]`. */
export interface RocCurve {
  /** False-positive rate of each point, non-decreasing from 0 to 1. */
  fpr: number[];
  /** True-positive rate of each point, non-decreasing from 0 to 1. */
  tpr: number[];
  /**
   * Descending thresholds: point i counts an example as positive when its score is ≥
   * `thresholds[i]`. The first is `Infinity` (nothing positive: the point (0, 0)), then
   * every distinct score from highest to lowest; the last gives the point (1, 1).
   */
  thresholds: number[];
}

/** Examples grouped by equal score, from the highest score to the lowest. */
interface ScoreGroup {
  score: number;
  positives: number;
  negatives: number;
}

/** Checks the arguments and groups examples by equal score, descending. */
function groupScores(
  where: string,
  scores: ArrayLike<number>,
  positives: ArrayLike<boolean | number>,
): { groups: ScoreGroup[]; positives: number; negatives: number } {
  if (scores?.length === undefined || positives?.length === undefined) {
    badOption(where, 'scores and positives must be arrays (or typed arrays) of equal length.');
  }
  const n = scores.length;
  if (positives.length !== n) {
    badOption(
      where,
      `scores has ${n} entries but positives has ${positives.length}; pass one label per score.`,
    );
  }
  const isPositive = new Uint8Array(n);
  let positiveCount = 0;
  for (let i = 0; i < n; i++) {
    const score = scores[i];
    if (typeof score !== 'number' || Number.isNaN(score)) {
      badOption(
        where,
        `scores[${i}] is ${String(score)}; every score must be a number (not NaN). Check the model's output for NaN.`,
      );
    }
    const label = positives[i];
    if (label === true || label === 1) isPositive[i] = 1;
    else if (label !== false && label !== 0) {
      badOption(
        where,
        `positives[${i}] is ${String(label)}; each entry must be true / 1 (positive) or false / 0 (negative).`,
      );
    }
    positiveCount += isPositive[i] as number;
  }
  const negativeCount = n - positiveCount;
  if (positiveCount === 0 || negativeCount === 0) {
    badOption(
      where,
      `needs at least one positive and one negative example, got ${positiveCount} positives and ${negativeCount} negatives.`,
    );
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => (scores[b] as number) - (scores[a] as number) || 0);
  const groups: ScoreGroup[] = [];
  for (const i of order) {
    const score = scores[i] as number;
    let group = groups[groups.length - 1];
    if (group === undefined || group.score !== score) {
      group = { score, positives: 0, negatives: 0 };
      groups.push(group);
    }
    if (isPositive[i]) group.positives++;
    else group.negatives++;
  }
  return { groups, positives: positiveCount, negatives: negativeCount };
}

/**
 * Area under the ROC curve of `scores` for telling positives (higher scores expected)
 * from negatives: the probability that a random positive scores above a random
 * negative, ties counting one half (the Mann–Whitney U divided by n₊·n₋). 1 is a
 * perfect ranking, 0.5 chance, 0 a reversed one. O(n log n).
 *
 * @param scores One number per example (e.g. reconstruction errors); no NaN.
 * @param positives One label per example: true / 1 positive, false / 0 negative.
 * @throws EvaluationError `EVAL_BAD_OPTION` when lengths differ, a score is NaN, a label
 *   is not boolean / 0 / 1, or either class is empty.
 *
 * @example
 * rocAuc([0.9, 0.4, 0.4, 0.1], [true, true, false, false]); // (1 + 1 + 1 + 0.5) / 4 = 0.875
 */
export function rocAuc(scores: ArrayLike<number>, positives: ArrayLike<boolean | number>): number {
  const { groups, positives: p, negatives: n } = groupScores('rocAuc', scores, positives);
  // Walking from the highest score down: each negative beats the positives seen before
  // its group, and ties with those of its own group for one half.
  let u = 0;
  let positivesAbove = 0;
  for (const group of groups) {
    u += group.negatives * (positivesAbove + 0.5 * group.positives);
    positivesAbove += group.positives;
  }
  return u / (p * n);
}

/**
 * The ROC curve of `scores`, for plotting: one point per distinct score, thresholds
 * descending, from (0, 0) to (1, 1). The trapezoid area under these points equals
 * {@link rocAuc}. Arguments and errors as for {@link rocAuc}.
 */
export function rocCurve(
  scores: ArrayLike<number>,
  positives: ArrayLike<boolean | number>,
): RocCurve {
  const { groups, positives: p, negatives: n } = groupScores('rocCurve', scores, positives);
  const curve: RocCurve = { fpr: [0], tpr: [0], thresholds: [Number.POSITIVE_INFINITY] };
  let truePositives = 0;
  let falsePositives = 0;
  for (const group of groups) {
    truePositives += group.positives;
    falsePositives += group.negatives;
    curve.fpr.push(falsePositives / n);
    curve.tpr.push(truePositives / p);
    curve.thresholds.push(group.score);
  }
  return curve;
}
