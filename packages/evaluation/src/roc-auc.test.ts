import { createRng } from '@ae/datasets';
import { describe, expect, it } from 'vitest';
import { EvaluationError } from './evaluation-error.js';
import { rocAuc, rocCurve } from './roc-auc.js';

/** O(n²) reference: the fraction of (positive, negative) pairs ranked right, ties ½. */
function pairCountingAuc(scores: number[], positives: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!positives[i]) continue;
    for (let j = 0; j < scores.length; j++) {
      if (positives[j]) continue;
      const a = scores[i] as number;
      const b = scores[j] as number;
      wins += a > b ? 1 : a === b ? 0.5 : 0;
      pairs++;
    }
  }
  return wins / pairs;
}

function randomCase(seed: number, n: number, levels: number) {
  const rng = createRng(seed);
  const positives = Array.from({ length: n }, () => rng.next() < 0.3);
  // Few distinct levels give many ties; positives score a little higher on average.
  const scores = positives.map((p) => rng.int(levels) + (p ? rng.int(3) : 0));
  return { scores, positives };
}

describe('rocAuc', () => {
  it('matches brute-force pair counting on random data with many ties', () => {
    for (const [seed, n, levels] of [
      [1, 200, 5],
      [2, 301, 40],
      [3, 57, 2],
      [4, 500, 1000],
    ] as const) {
      const { scores, positives } = randomCase(seed, n, levels);
      expect(rocAuc(scores, positives)).toBeCloseTo(pairCountingAuc(scores, positives), 12);
      expect(rocAuc(Float32Array.from(scores), positives.map(Number))).toBeCloseTo(
        pairCountingAuc(scores, positives),
        12,
      );
    }
  });

  it('gives 1 for a perfect ranking, 0 for a reversed one and ½ when all tie', () => {
    const labels = [false, false, true, true, true];
    expect(rocAuc([0.1, 0.2, 0.3, 0.4, 0.5], labels)).toBe(1);
    expect(rocAuc([0.5, 0.4, 0.3, 0.2, 0.1], labels)).toBe(0);
    expect(rocAuc([7, 7, 7, 7, 7], labels)).toBe(0.5);
    // By hand: pairs (0.9>0.4), (0.9>0.1), (0.4=0.4: ½), (0.4>0.1) → 3.5 / 4.
    expect(rocAuc([0.9, 0.4, 0.4, 0.1], [1, 1, 0, 0])).toBe(0.875);
  });

  it('handles infinite scores', () => {
    expect(rocAuc([Number.POSITIVE_INFINITY, 1, Number.NEGATIVE_INFINITY], [1, 0, 0])).toBe(1);
    expect(rocAuc([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY], [1, 0])).toBe(0.5);
  });

  it('refuses NaN scores, mismatched lengths, odd labels and a missing class', () => {
    const bad = (f: () => unknown, text: string) => {
      expect(f).toThrow(EvaluationError);
      expect(f).toThrow(text);
    };
    bad(() => rocAuc([0.1, Number.NaN], [true, false]), 'scores[1] is NaN');
    bad(() => rocAuc([0.1, 0.2, 0.3], [true, false]), 'scores has 3 entries but positives has 2');
    bad(() => rocAuc([0.1, 0.2], [1, 2]), 'positives[1] is 2');
    bad(() => rocAuc([0.1, 0.2], [true, true]), '2 positives and 0 negatives');
    bad(() => rocCurve([0.1, 0.2], [0, 0]), 'rocCurve: needs at least one positive');
  });
});

describe('rocCurve', () => {
  it('runs from (0, 0) to (1, 1) with descending thresholds and trapezoid area = rocAuc', () => {
    for (const [seed, n, levels] of [
      [5, 150, 6],
      [6, 400, 10_000],
    ] as const) {
      const { scores, positives } = randomCase(seed, n, levels);
      const { fpr, tpr, thresholds } = rocCurve(scores, positives);
      expect(fpr.length).toBe(tpr.length);
      expect(thresholds.length).toBe(fpr.length);
      expect([fpr[0], tpr[0]]).toEqual([0, 0]);
      expect([fpr.at(-1), tpr.at(-1)]).toEqual([1, 1]);
      expect(thresholds[0]).toBe(Number.POSITIVE_INFINITY);
      expect(thresholds.length).toBe(new Set(scores).size + 1);
      let area = 0;
      for (let i = 1; i < fpr.length; i++) {
        expect(thresholds[i] as number).toBeLessThan(thresholds[i - 1] as number);
        expect(fpr[i] as number).toBeGreaterThanOrEqual(fpr[i - 1] as number);
        expect(tpr[i] as number).toBeGreaterThanOrEqual(tpr[i - 1] as number);
        area +=
          (((fpr[i] as number) - (fpr[i - 1] as number)) *
            ((tpr[i] as number) + (tpr[i - 1] as number))) /
          2;
      }
      expect(area).toBeCloseTo(rocAuc(scores, positives), 12);
    }
  });

  it('gives the hand-computed points of a small case', () => {
    // Positive iff score ≥ t: t = 0.9 → 1 TP; t = 0.4 → 2 TP, 1 FP; t = 0.1 → all.
    expect(rocCurve([0.9, 0.4, 0.4, 0.1], [1, 1, 0, 0])).toEqual({
      fpr: [0, 0, 0.5, 1],
      tpr: [0, 0.5, 1, 1],
      thresholds: [Number.POSITIVE_INFINITY, 0.9, 0.4, 0.1],
    });
  });
});
