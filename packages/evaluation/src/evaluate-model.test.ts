import { type Dataset, shapes, toTensor } from '@ae/datasets';
import { Autoencoder, VAE } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { evaluateModel } from './evaluate-model.js';
import {
  denseVq,
  expectNoLeak,
  expectRejects,
  recountCodes,
  rowsOf,
  TINY_SHAPE,
  tinyData,
} from './evaluation.test-helpers.js';
import { EvaluationError } from './evaluation-error.js';
import { likelihoods } from './likelihood.js';

const shape = [...TINY_SHAPE];
const mean64 = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;

/** Float64 means over the examples of Σ (x − x̂)² and of the clipped binary cross-entropy. */
async function referenceErrors(model: { reconstruct(x: tf.Tensor): tf.Tensor }, data: Dataset) {
  const all = toTensor(data);
  const xHat = model.reconstruct(all);
  const [x, r] = [await rowsOf(all), await rowsOf(xHat)];
  tf.dispose([all, xHat]);
  const lo = Math.fround(1e-7);
  const hi = Math.fround(1 - 1e-7);
  const squared: number[] = [];
  const bce: number[] = [];
  x.forEach((row, i) => {
    let s = 0;
    let b = 0;
    row.forEach((v, j) => {
      const o = (r[i] as number[])[j] as number;
      const p = Math.min(Math.max(o, lo), hi);
      s += (v - o) ** 2;
      b -= v * Math.log(p) + (1 - v) * Math.log(1 - p);
    });
    squared.push(s);
    bce.push(b);
  });
  return { squared: mean64(squared), bce: mean64(bce) };
}

const close = (actual: number | undefined, expected: number) =>
  expect(Math.abs((actual as number) - expected)).toBeLessThan(
    1e-5 * Math.max(1, Math.abs(expected)),
  );

describe('evaluateModel', () => {
  it('a VAE: reconstruction errors, ELBO and NLL; no codebook or MIG metrics', async () => {
    const vae = new VAE({ inputShape: shape, latentDim: 2, hidden: [8], seed: 3 });
    const data = tinyData(10, 1);
    const stages: string[] = [];
    const m = await evaluateModel(vae, data, {
      iwSamples: 5,
      batchSize: 4,
      seed: 2,
      onStage: (s) => stages.push(s),
    });
    const ref = await referenceErrors(vae, data);
    close(m.reconstructionSquared, ref.squared);
    close(m.reconstructionBce, ref.bce);
    const l = await likelihoods(vae, data, { samples: 5, batchSize: 4, seed: 2 });
    close(m.elbo, mean64(l.elbo));
    close(m.nll, -mean64(l.logLikelihood as Float32Array));
    expect(m.iwSamples).toBe(5);
    expect(m.perplexity).toBeUndefined();
    expect(m.mig).toBeUndefined();
    expect(stages).toEqual([
      'reconstruction errors',
      'ELBO and importance-weighted log-likelihood (K = 5)',
    ]);
    vae.dispose();
  });

  it('real-valued data has no cross-entropy; a plain autoencoder has no ELBO', async () => {
    const ae = new Autoencoder({ inputShape: shape, latentDim: 2, hidden: [8], seed: 1 });
    const data: Dataset = { ...tinyData(6, 2), domain: 'real' };
    const m = await evaluateModel(ae, data, { iwSamples: 10 });
    close(m.reconstructionSquared, (await referenceErrors(ae, data)).squared);
    expect(Object.keys(m)).toEqual(['reconstructionSquared']);
    ae.dispose();
  });

  it('a model with a codebook: perplexity, used codes and the codebook size from a recount', async () => {
    const vq = denseVq(6);
    const data = tinyData(30, 4);
    const counts = await recountCodes(vq, data);
    const total = counts.reduce((x, y) => x + y, 0);
    const p = counts.map((c) => c / total);
    const entropy = -p.reduce((h, q) => (q > 0 ? h + q * Math.log(q) : h), 0);
    const m = await evaluateModel(vq, data, { batchSize: 7 });
    expect(m.numCodes).toBe(6);
    expect(m.usedCodes).toBe(counts.filter((c) => c > 0).length);
    expect(m.perplexity).toBeCloseTo(Math.exp(entropy), 10);
    expect(m.elbo).toBeUndefined();
    vq.dispose();
  });

  it('data with factors: the MIG of the codes, and per-factor gaps', async () => {
    const data = shapes({
      size: 8,
      scales: 2,
      rotations: 2,
      positionsX: 3,
      positionsY: 3,
      radius: 0.2,
    });
    const vae = new VAE({ inputShape: [8, 8, 1], latentDim: 3, hidden: [8], seed: 5 });
    const m = await evaluateModel(vae, data);
    expect(m.migFactors?.map((f) => f.name)).toEqual(['shape', 'scale', 'rotation', 'x', 'y']);
    const varying = (m.migFactors ?? []).filter((f) => f.entropy > 0);
    close(m.mig, mean64(varying.map((f) => f.gap)));
    expect(m.mig).toBeGreaterThanOrEqual(0);
    expect(m.mig).toBeLessThanOrEqual(1);
    // A one-dimensional code has no runner-up: no MIG.
    const narrow = new VAE({ inputShape: [8, 8, 1], latentDim: 1, hidden: [8], seed: 5 });
    expect((await evaluateModel(narrow, data)).mig).toBeUndefined();
    vae.dispose();
    narrow.dispose();
  });

  it('leaks no tensor', async () => {
    const vae = new VAE({ inputShape: shape, latentDim: 2, hidden: [8], seed: 3 });
    await expectNoLeak(() => evaluateModel(vae, tinyData(9, 5), { iwSamples: 3, batchSize: 4 }));
    vae.dispose();
  });

  it('refuses bad options before allocating, naming the value', async () => {
    const vae = new VAE({ inputShape: shape, latentDim: 2, hidden: [8], seed: 3 });
    const data = tinyData(3, 6);
    const bad = (run: () => Promise<unknown>, text: string) =>
      expectRejects(run, EvaluationError, text);
    await bad(
      () => evaluateModel(vae, data, { iwSamples: -1 }),
      'evaluateModel: iwSamples must be an integer ≥ 0, got -1.',
    );
    await bad(
      () => evaluateModel(vae, data, { batchSize: 2.5 }),
      'evaluateModel: batchSize must be an integer ≥ 1, got 2.5.',
    );
    await bad(() => evaluateModel(vae, data, { seed: 0.1 }), 'seed must be an integer, got 0.1.');
    vae.dispose();
  });
});
