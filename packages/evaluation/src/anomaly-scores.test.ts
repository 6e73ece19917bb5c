import { createRng, type Dataset, toTensor } from '@ae/datasets';
import { Autoencoder, VAE } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { anomalyReport, anomalyScores } from './anomaly-scores.js';
import {
  expectNoLeak,
  expectRejects,
  squaredErrors64,
  TINY_SHAPE,
  tinyData,
} from './evaluation.test-helpers.js';
import { EvaluationError } from './evaluation-error.js';

const shape = [...TINY_SHAPE];

describe('anomalyScores', () => {
  const vae = new VAE({ inputShape: shape, latentDim: 2, hidden: [8], seed: 2 });

  it('reconstruction: Σ (x − x̂)² per example, as a float64 recomputation gives it', async () => {
    const data = tinyData(9, 1);
    const expected = await squaredErrors64(vae, data);
    const scores = await anomalyScores(vae, data, { batchSize: 4 });
    expect(scores.length).toBe(9);
    expected.forEach((e, i) => {
      expect(Math.abs((scores[i] as number) - e)).toBeLessThan(1e-5 * Math.max(1, e));
    });
  });

  it('relative: Σ (x − x̂)² / (Σ x² + Σ x̂²) per example, recomputed in float64', async () => {
    const data = tinyData(9, 1);
    const all = toTensor(data);
    const xHat = vae.reconstruct(all);
    const [x, r] = [await all.data(), await xHat.data()];
    tf.dispose([all, xHat]);
    const scores = await anomalyScores(vae, data, { score: 'relative', batchSize: 4 });
    const d = 16;
    for (let i = 0; i < 9; i++) {
      let num = 0;
      let den = 0;
      for (let j = i * d; j < (i + 1) * d; j++) {
        num += ((x[j] as number) - (r[j] as number)) ** 2;
        den += (x[j] as number) ** 2 + (r[j] as number) ** 2;
      }
      expect(Math.abs((scores[i] as number) - num / den)).toBeLessThan(1e-6);
    }
  });

  it('elbo: −ELBO per example, the same draws as the model’s own elbo with the seeds used', async () => {
    const data = tinyData(5, 2);
    // One batch: likelihoods draws two seeds from createRng(7) and gives the first to elbo.
    const seed = createRng(7).seed();
    const all = toTensor(data);
    const bound = vae.elbo(all, { seed });
    const expected = Array.from(await bound.data(), (v) => -v);
    tf.dispose([all, bound]);
    const scores = await anomalyScores(vae, data, { score: 'elbo', batchSize: 8, seed: 7 });
    expect(Array.from(scores)).toEqual(expected.map((v) => Math.fround(v)));
  });

  it('leaks no tensor, for any score', async () => {
    const data = tinyData(6, 3);
    await expectNoLeak(() => anomalyScores(vae, data, { batchSize: 4 }));
    await expectNoLeak(() => anomalyScores(vae, data, { score: 'relative', batchSize: 4 }));
    await expectNoLeak(() => anomalyScores(vae, data, { score: 'elbo', batchSize: 4 }));
  });

  it('refuses an elbo score of a model without one, and bad options', async () => {
    const ae = new Autoencoder({ inputShape: shape, latentDim: 2, hidden: [8], seed: 1 });
    const data = tinyData(3, 4);
    const bad = (run: () => Promise<unknown>, text: string) =>
      expectRejects(run, EvaluationError, text);
    await bad(
      () => anomalyScores(ae, data, { score: 'elbo' }),
      "anomalyScores: score 'elbo' needs a model with an ELBO",
    );
    await bad(
      () => anomalyScores(ae, data, { score: 'bce' as never }),
      'score must be one of reconstruction, relative, elbo, got "bce"',
    );
    await bad(
      () => anomalyScores(ae, data, { batchSize: 0 }),
      'anomalyScores: batchSize must be an integer ≥ 1, got 0.',
    );
    ae.dispose();
  });
});

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
    expect(() => anomalyReport(data, scores.subarray(1), { label: 1, name: 'b' })).toThrow(
      'anomalyReport: scores has 6 entries but the data',
    );
  });
});
