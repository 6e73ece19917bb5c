import type { EstimateOptions } from '@ae/core';
import { createRng, toTensor } from '@ae/datasets';
import { Autoencoder, ConditionalVAE, ModelError, VAE, VQVAE } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  expectNoLeak,
  expectRejects,
  rowsOf,
  TINY_SHAPE,
  tinyData,
} from './evaluation.test-helpers.js';
import { EvaluationError } from './evaluation-error.js';
import { likelihoods } from './likelihood.js';

const shape = [...TINY_SHAPE];
const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
/** `a[i][j]`, or an error when out of range. */
function at(a: readonly (readonly number[])[], i: number, j: number): number {
  const v = a[i]?.[j];
  if (v === undefined) throw new RangeError(`[${i}][${j}] is out of range`);
  return v;
}

/**
 * Float64 ELBO per example of a Bernoulli VAE, E_q[log p(x | z)] − KL(q ‖ N(0, I)), the
 * expectation averaged over `draws` samples of our own: log p(x | z) = Σ x·l − log(1 + eˡ)
 * for the decoder's logits l, the KL in closed form ½ Σ (μ² + σ² − 1 − log σ²).
 */
async function referenceElbo(vae: VAE, x: tf.Tensor, draws: number): Promise<number[]> {
  const n = x.shape[0] as number;
  const d = vae.latentDim;
  const { mean: mu, logVar } = vae.posteriorOf(x);
  const [m, lv, xs] = [await rowsOf(mu), await rowsOf(logVar), await rowsOf(x)];
  const rng = createRng(123);
  // Row r is draw ⌊r / n⌋ of example r mod n.
  const z = Array.from({ length: draws * n }, (_, r) =>
    Array.from(
      { length: d },
      (_, j) => at(m, r % n, j) + Math.exp(0.5 * at(lv, r % n, j)) * rng.normal(),
    ),
  );
  const zt = tf.tensor2d(z);
  const logits = vae.decoder.predict(zt) as tf.Tensor;
  const l = await rowsOf(logits);
  tf.dispose([mu, logVar, zt, logits]);
  const reconstruction = new Array<number>(n).fill(0);
  l.forEach((row, r) => {
    const i = r % n;
    const logP = row.reduce((s, li, k) => s + at(xs, i, k) * li - Math.log1p(Math.exp(li)), 0);
    reconstruction[i] = (reconstruction[i] as number) + logP / draws;
  });
  return reconstruction.map((rec, i) => {
    let kl = 0;
    for (let j = 0; j < d; j++) {
      kl += 0.5 * (at(m, i, j) ** 2 + Math.exp(at(lv, i, j)) - 1 - at(lv, i, j));
    }
    return rec - kl;
  });
}

describe('likelihoods', () => {
  const vae = new VAE({ inputShape: shape, latentDim: 2, hidden: [8], seed: 2 });

  it('gives a per-example ELBO whose mean matches a float64 reference within MC noise', async () => {
    // Encoder weights × 2: a wide posterior with a KL of about 10 nats, so that a
    // missing or wrong term would stand out against the noise.
    const wide = new VAE({ inputShape: shape, latentDim: 4, hidden: [8], seed: 2 });
    const scaled = wide.encoder.getWeights().map((w) => tf.mul(w, 2));
    wide.encoder.setWeights(scaled);
    tf.dispose(scaled);
    const data = tinyData(300, 1);
    const { elbo, logLikelihood } = await likelihoods(wide, data, { seed: 5, batchSize: 64 });
    expect(logLikelihood).toBeUndefined();
    expect(elbo.length).toBe(300);
    const all = toTensor(data);
    const reference = await referenceElbo(wide, all, 100);
    all.dispose();
    // Paired differences: one-sample estimates minus (nearly) exact values; a z-test.
    const diff = reference.map((r, i) => (elbo[i] as number) - r);
    const sd = Math.sqrt(mean(diff.map((v) => (v - mean(diff)) ** 2)));
    expect(sd).toBeGreaterThan(0); // one-sample estimates do vary
    expect(Math.abs(mean(diff))).toBeLessThan(4 * (sd / Math.sqrt(300)) + 1e-3);
    // And the model's own loss: −total of lossTerms (β = 1) is a one-sample ELBO mean.
    const x = toTensor(data);
    const terms = wide.lossTerms({ x }, { training: false });
    const total = (await terms.total.data())[0] as number;
    tf.dispose([x, ...Object.values(terms)]);
    expect(Math.abs(mean(elbo) + total)).toBeLessThan(8 * (sd / Math.sqrt(300)));
    wide.dispose();
  });

  it('gives an importance-weighted log p(x) ≥ the ELBO on average, seeded and repeatable', async () => {
    const data = tinyData(120, 2);
    const a = await likelihoods(vae, data, { samples: 50, seed: 9, batchSize: 50 });
    const b = await likelihoods(vae, data, { samples: 50, seed: 9, batchSize: 50 });
    const c = await likelihoods(vae, data, { samples: 50, seed: 10, batchSize: 50 });
    const ll = a.logLikelihood as Float32Array;
    expect(ll.length).toBe(120);
    expect(mean(ll)).toBeGreaterThan(mean(a.elbo));
    expect(b).toEqual(a);
    expect(c.elbo).not.toEqual(a.elbo);
    // The ELBO of a run does not depend on whether log p(x) is asked for too.
    expect((await likelihoods(vae, data, { seed: 9, batchSize: 50 })).elbo).toEqual(a.elbo);
  });

  it('passes each batch, labels and seeds through to a duck-typed model', async () => {
    const data = tinyData(7, 3, 4);
    const seen: EstimateOptions[] = [];
    // elbo = −Σ x² + label, logLikelihood = elbo + log K: exact values to compare with.
    const model = {
      numClasses: 4,
      elbo(x: tf.Tensor, o: EstimateOptions = {}) {
        seen.push(o);
        const sq = tf.neg(tf.sum(tf.square(tf.reshape(x, [x.shape[0] as number, -1])), 1));
        return tf.add(sq, tf.cast(o.labels as tf.Tensor, 'float32')) as tf.Tensor1D;
      },
      logLikelihood(x: tf.Tensor, o: EstimateOptions = {}) {
        return tf.add(this.elbo(x, o), Math.log(o.samples as number)) as tf.Tensor1D;
      },
    };
    const { elbo, logLikelihood } = await likelihoods(model, data, { samples: 7, batchSize: 3 });
    for (let i = 0; i < 7; i++) {
      let sq = 0;
      for (let j = 0; j < 16; j++) sq += (data.x[16 * i + j] as number) ** 2;
      const want = -sq + (i % 4);
      expect(elbo[i]).toBeCloseTo(want, 5);
      expect(logLikelihood?.[i]).toBeCloseTo(want + Math.log(7), 5);
    }
    const seeds = seen.map((o) => o.seed);
    expect(seeds.every(Number.isInteger)).toBe(true);
    expect(new Set(seeds.filter((_, i) => i % 2 === 0)).size).toBe(3); // a seed per batch
    // Without logLikelihood, samples > 0 still gives the ELBO alone.
    const elboOnly = await likelihoods({ elbo: model.elbo, numClasses: 4 }, data, { samples: 7 });
    expect(elboOnly.logLikelihood).toBeUndefined();
    expect(elboOnly.elbo).toEqual(elbo);
  });

  it('gives a conditional model the labels, and lets it refuse data without them', async () => {
    const cvae = new ConditionalVAE({
      inputShape: shape,
      latentDim: 2,
      hidden: [8],
      numClasses: 3,
      seed: 3,
    });
    const data = tinyData(6, 4, 3);
    const { elbo, logLikelihood } = await likelihoods(cvae, data, { samples: 5 });
    expect(elbo.every(Number.isFinite) && logLikelihood?.every(Number.isFinite)).toBe(true);
    const { labels: _dropped, ...unlabelled } = data;
    await expectRejects(() => likelihoods(cvae, unlabelled), ModelError, 'labels is required');
    cvae.dispose();
  });

  it('tells models without elbo which families have one', async () => {
    const data = tinyData(4, 5);
    const ae = new Autoencoder({ inputShape: shape, latentDim: 2, hidden: [8] });
    const vq = new VQVAE({ inputShape: shape, architecture: 'dense', hidden: [8], numCodes: 4 });
    for (const model of [ae, vq]) {
      await expectRejects(
        () => likelihoods(model as never, data),
        EvaluationError,
        'likelihoods: the model has no elbo() method. Only models with a variational posterior have one, e.g. VAE and ConditionalVAE',
      );
    }
    ae.dispose();
    vq.dispose();
  });

  it('leaks no tensor', async () => {
    const data = tinyData(9, 6);
    await expectNoLeak(() => likelihoods(vae, data, { samples: 4, batchSize: 4 }));
  });

  it('refuses bad options before allocating, naming the value', async () => {
    const data = tinyData(4, 7);
    const bad = (o: object, text: string) =>
      expectRejects(() => likelihoods(vae, data, o), EvaluationError, text);
    await bad({ samples: -1 }, 'samples must be an integer ≥ 0 (0: ELBO only), got -1');
    await bad({ samples: 2.5 }, 'got 2.5');
    await bad({ batchSize: 0 }, 'batchSize must be an integer ≥ 1, got 0');
    await bad({ seed: 0.5 }, 'seed must be an integer, got 0.5');
    const short = { elbo: (x: tf.Tensor) => tf.zeros([(x.shape[0] as number) + 1]) as tf.Tensor1D };
    await expectRejects(
      () => likelihoods(short, data),
      EvaluationError,
      'model.elbo returned shape [5]',
    );
  });
});
