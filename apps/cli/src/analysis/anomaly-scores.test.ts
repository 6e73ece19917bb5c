import type { Dataset } from '@ae/datasets';
import { describe, expect, it } from 'vitest';
import { topIndices } from './anomaly-files.js';
import { anomalyReport } from './anomaly-scores.js';

describe('anomalyReport', () => {
  it('gives the pair-count ROC-AUC and per-class means', () => {
    const labels = [1, 0, 2, 1, 2, 1, 0];
    const scores = Float32Array.from([0.5, 2, 0.5, 1, 3, 0.25, 0.75]);
    const data: Dataset = {
      name: 'toy',
      x: new Float32Array(labels.length),
      shape: [1, 1, 1],
      count: labels.length,
      labels: Int32Array.from(labels),
      classNames: ['a', 'b', 'c'],
    };
    const r = anomalyReport(data, scores, { label: 1, name: 'b' });
    // Normal (b): 0.5, 1, 0.25. Anomalies: 2, 0.5, 3, 0.75. Pairs won (ties ½):
    // 2 → 3, 0.5 → 1.5, 3 → 3, 0.75 → 2: 9.5 of 12.
    expect(r.rocAuc).toBeCloseTo(9.5 / 12, 12);
    expect([...r.anomalous]).toEqual([0, 1, 1, 0, 1, 0, 1]);
    expect(r.classes).toEqual([
      { label: 0, name: 'a', normal: false, count: 2, meanScore: 1.375 },
      { label: 1, name: 'b', normal: true, count: 3, meanScore: 1.75 / 3 },
      { label: 2, name: 'c', normal: false, count: 2, meanScore: 1.75 },
    ]);
  });

  it('orders the most anomalous first, ties by index', () => {
    expect(topIndices(Float32Array.from([1, 5, 3, 5, 0]), 3)).toEqual([1, 3, 2]);
  });
});
