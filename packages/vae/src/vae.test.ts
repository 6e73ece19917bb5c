import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@ae/backend';
import type { LossTerms } from '@ae/core';
import { toTensor } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConditionalVAE } from './conditional-vae.js';
import { loadModel } from './load-model.js';
import { ModelError } from './model-error.js';
import { memoryStore } from './model-store.js';
import { fileStore } from './node/file-store.js';
import { VAE } from './vae.js';
import type { VAEOptions } from './vae-config.js';

/** `a[i]`, or an error when `i` is out of range. */
function el<T>(a: readonly T[], i: number): T {
  const v = a[i];
  if (v === undefined) throw new RangeError(`index ${i} outside [0, ${a.length})`);
  return v;
}
const at = (a: readonly (readonly number[])[], i: number, j: number): number => el(el(a, i), j);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const shape = [4, 4, 1];
const make = (seed = 3, more: Partial<VAEOptions> = {}) =>
  new VAE({ inputShape: shape, latentDim: 2, hidden: [8], seed, ...more });
const batchOf = (n: number, seed: number) => tf.randomUniform([n, ...shape], 0, 1, 'float32', seed);
const num = async (t: tf.Tensor | null | undefined): Promise<number> => {
  if (!t) throw new Error('expected a tensor');
  return el(Array.from(await t.data()), 0);
};
const values = async (t: tf.Tensor) => Array.from(await t.data());

/**
 * Float64 reconstruction and KL of one lossTerms call: posterior of `input`, noise from
 * `noiseSeed`, decoder run on z, likelihood written out here.
 */
async function reference(vae: VAE, x: tf.Tensor, input: tf.Tensor, noiseSeed: number) {
  const [n, d] = [x.shape[0] as number, vae.latentDim];
  const { mean, logVar } = vae.posteriorOf(input);
  const m = (await mean.array()) as number[][];
  const lv = (await logVar.array()) as number[][];
  const e = (await tf.randomNormal([n, d], 0, 1, 'float32', noiseSeed).array()) as number[][];
  const z = m.map((row, i) => row.map((mu, j) => mu + Math.exp(0.5 * at(lv, i, j)) * at(e, i, j)));
  const out = (await tf
    .reshape(vae.decoder.predict(tf.tensor2d(z)) as tf.Tensor, [n, -1])
    .array()) as number[][];
  const xs = (await tf.reshape(x, [n, -1]).array()) as number[][];
  const variance = vae.config.outputVariance;
  let rec = 0;
  let kl = 0;
  for (let i = 0; i < n; i++) {
    el(xs, i).forEach((t, j) => {
      const o = at(out, i, j);
      if (vae.config.likelihood === 'bernoulli') {
        const p = 1 / (1 + Math.exp(-o));
        rec -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
      } else {
        rec += 0.5 * Math.log(2 * Math.PI * variance) + (t - o) ** 2 / (2 * variance);
      }
    });
    el(m, i).forEach((mu, j) => {
      kl += 0.5 * (Math.exp(at(lv, i, j)) + mu * mu - 1 - at(lv, i, j));
    });
  }
  return { rec: rec / n, kl: kl / n };
}

describe('VAE.lossTerms', () => {
  it('equals a float64 BCE(x, decoder(mean + σ·ε)) + β·KL(q ‖ N(0, I)), encoding batch.input', async () => {
    const vae = make(3, { beta: 2.5 });
    const x = batchOf(5, 1);
    const input = batchOf(5, 11);
    const replay = createRng(3); // lossTerms draws one seed from a generator seeded like the model's
    for (const enc of [x, input]) {
      const terms = vae.lossTerms(enc === x ? { x } : { x, input }, { training: true });
      const { rec, kl } = await reference(vae, x, enc, replay.seed());
      expect(await num(terms.reconstruction)).toBeCloseTo(rec, 3);
      expect(await num(terms.kl)).toBeCloseTo(kl, 4);
      expect(await num(terms.total)).toBeCloseTo(rec + 2.5 * kl, 3);
      expect(Object.keys(terms).sort()).toEqual(['kl', 'reconstruction', 'total']);
    }
    vae.dispose();
  });

  it('uses the full Gaussian negative log-density with σ² = outputVariance', async () => {
    const vae = make(4, { likelihood: 'gaussian', outputVariance: 0.25 });
    const x = batchOf(6, 2);
    const terms = vae.lossTerms({ x }, { training: true });
    const { rec, kl } = await reference(vae, x, x, createRng(4).seed());
    expect(await num(terms.reconstruction)).toBeCloseTo(rec, 3);
    expect(await num(terms.total)).toBeCloseTo(rec + kl, 3);
    // decode returns the Gaussian mean as the decoder outputs it (no sigmoid).
    const z = tf.tensor2d([[0.3, -1]]);
    expect(await values(vae.decode(z))).toEqual(await values(vae.decoder.predict(z) as tf.Tensor));
    vae.dispose();
  });

  it('with capacity, total = reconstruction + γ·|KL − C(step)|, C rising 0 → max over steps', async () => {
    const vae = make(5, { capacity: { gamma: 100, max: 10, steps: 4 } });
    const x = batchOf(4, 3);
    const replay = createRng(5);
    for (const [step, c] of [
      [0, 0],
      [2, 5],
      [3, 7.5],
      [9, 10],
    ] as const) {
      const terms = vae.lossTerms({ x }, { training: true, step });
      const { rec, kl } = await reference(vae, x, x, replay.seed());
      expect(await num(terms.capacity)).toBeCloseTo(c, 6);
      expect(await num(terms.kl)).toBeCloseTo(kl, 4);
      expect(await num(terms.total)).toBeCloseTo(rec + 100 * Math.abs(kl - c), 2);
    }
    vae.dispose();
  });

  it('trains on 256 MNIST digits: mean total of the last 5 of 30 steps < 0.7 × the first 5', async () => {
    const data = toTensor(await loadMnist({ split: 'train', limit: 256 }));
    const vae = new VAE({ inputShape: [28, 28, 1], latentDim: 8, hidden: [64], seed: 1 });
    const opt = tf.train.adam(1e-3);
    const losses: number[] = [];
    for (let step = 0; step < 30; step++) {
      const x = tf.slice(data, [(step * 32) % 256, 0, 0, 0], [32, 28, 28, 1]);
      const cost = opt.minimize(
        () => {
          const { total, ...rest } = vae.lossTerms({ x }, { training: true, step });
          tf.dispose(Object.values(rest));
          return total;
        },
        true,
        vae.trainableVariables,
      );
      losses.push(await num(cost ?? undefined));
      tf.dispose([x, cost as tf.Tensor]);
    }
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(losses.slice(-5))).toBeLessThan(0.7 * mean(losses.slice(0, 5)));
    tf.dispose(data);
    opt.dispose();
    vae.dispose();
  });

  it('does not leak tensors over repeated calls', () => {
    const vae = make(3, { capacity: { gamma: 10, max: 2, steps: 5 } });
    const x = batchOf(8, 2);
    const one = tf.slice(x, 0, 1);
    const z = tf.zeros([3, 2]);
    tf.dispose(vae.lossTerms({ x }, { training: true }));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      tf.dispose(vae.lossTerms({ x, input: x }, { training: true, step: i }) as LossTerms);
      tf.dispose([vae.encode(x), vae.decode(z), vae.reconstruct(x), vae.sample(3)]);
      tf.dispose([vae.interpolate(one, one, 3), vae.logLikelihood(x, { samples: 5 })]);
      const { mean, logVar } = vae.posteriorOf(x);
      tf.dispose([vae.elbo(x), mean, logVar]);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, one, z]);
    vae.dispose();
  });
});

describe('VAE sampling and interpolation', () => {
  it('samples in [0, 1] with the requested count, reproducibly for a seed', async () => {
    const vae = make();
    const a = vae.sample(6, { seed: 9 });
    expect(a.shape).toEqual([6, ...shape]);
    expect(await values(a)).toEqual(await values(vae.sample(6, { seed: 9 })));
    expect(await num(tf.min(a))).toBeGreaterThanOrEqual(0);
    expect(await num(tf.max(a))).toBeLessThanOrEqual(1);
    expect(() => vae.sample(2, { label: 1 })).toThrow(
      /VAE.sample: label 1 was given, but this model has no classes/,
    );
    expect(() => vae.sample(0)).toThrow(/n must be a positive integer, got 0/);
    vae.dispose();
  });

  it('interpolates with the reconstructions of both ends at the ends; labels are ignored', async () => {
    const vae = make();
    const x = batchOf(2, 5);
    const [a, b] = tf.split(x, 2) as [tf.Tensor, tf.Tensor];
    const path = (await vae.interpolate(a, b, 5).array()) as number[][][][];
    const rec = (await vae
      .reconstruct(x, { labels: tf.tensor1d([7, 7], 'int32') })
      .array()) as number[][][][];
    expect(path.length).toBe(5);
    expect(path[0]).toEqual(rec[0]);
    expect(path[4]).toEqual(rec[1]);
    expect(() => vae.interpolate(x, b, 3)).toThrow(
      /VAE.interpolate: a must be one example \(\[4, 4, 1\] or \[1, 4, 4, 1\]\), got \[2, 4, 4, 1\]/,
    );
    expect(() => vae.interpolate(a, b, 3, { label: 0 })).toThrow(/has no classes/);
    vae.dispose();
  });
});

describe('VAE save and load', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ae-vae-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const sameOutputs = async (a: VAE, b: VAE) => {
    const x = batchOf(3, 4);
    const z = tf.randomNormal([3, a.latentDim], 0, 1, 'float32', 8);
    expect(await values(b.encode(x))).toEqual(await values(a.encode(x)));
    expect(await values(b.decode(z))).toEqual(await values(a.decode(z)));
    expect(await values(b.reconstruct(x))).toEqual(await values(a.reconstruct(x)));
  };

  for (const kind of ['memory', 'fileStore', 'path'] as const) {
    it(`round-trips through a ${kind} with identical outputs and config`, async () => {
      const vae = make(7, {
        likelihood: 'gaussian',
        outputVariance: 0.5,
        capacity: { gamma: 3, max: 4, steps: 9 },
      });
      const path = join(dir, kind);
      const store = kind === 'memory' ? memoryStore() : fileStore(path);
      await vae.save(kind === 'path' ? path : store, { dataset: { name: 'toy', shape } });
      const loaded = kind === 'path' ? await VAE.load(path) : await loadModel(store);
      expect(loaded).toBeInstanceOf(VAE);
      expect((loaded as VAE).config).toEqual(vae.config);
      await sameOutputs(vae, loaded as VAE);
      const aeJson = (await store.readConfig()) as Record<string, unknown>;
      expect(aeJson).toMatchObject({
        formatVersion: 2,
        family: 'vae',
        networks: ['encoder', 'decoder'],
      });
      expect(aeJson.dataset).toEqual({ name: 'toy', shape });
      vae.dispose();
      loaded.dispose();
    });
  }

  it('loads an ae.json written before likelihood, outputVariance, preset and capacity existed', async () => {
    const vae = make(8);
    const store = memoryStore();
    await vae.save(store);
    const aeJson = (await store.readConfig()) as { config: Record<string, unknown> };
    aeJson.config = {
      inputShape: shape,
      latentDim: 2,
      hidden: [8],
      activation: 'relu',
      beta: 1,
      seed: 8,
    };
    await store.writeConfig(aeJson as never);
    const loaded = await VAE.load(store);
    expect(loaded.config).toEqual({ ...aeJson.config, likelihood: 'bernoulli', outputVariance: 1 });
    await sameOutputs(vae, loaded);
    vae.dispose();
    loaded.dispose();
  });

  it('refuses a directory of another family, naming both; an invalid saved config names the file', async () => {
    const cvae = new ConditionalVAE({
      inputShape: shape,
      latentDim: 2,
      hidden: [8],
      numClasses: 3,
    });
    await cvae.save(join(dir, 'cvae'));
    const load = VAE.load(join(dir, 'cvae'));
    await expect(load).rejects.toThrow(ModelError);
    await expect(VAE.load(join(dir, 'cvae'))).rejects.toThrow(/family is "cvae", not "vae"/);
    const store = memoryStore();
    await make().save(store);
    const aeJson = (await store.readConfig()) as { config: Record<string, unknown> };
    aeJson.config.likelihood = 'poisson';
    await store.writeConfig(aeJson as never);
    await expect(VAE.load(store)).rejects.toMatchObject({ code: 'MODEL_BAD_SAVED_CONFIG' });
    await expect(VAE.load(store)).rejects.toThrow(
      /memory\/ae.json: VAE config: likelihood must be one of bernoulli, gaussian, got "poisson"/,
    );
    cvae.dispose();
  });

  it('says what is missing when the directory holds no model', async () => {
    await expect(loadModel(fileStore(join(dir, 'nothing-here')))).rejects.toThrow(
      /ae.json not found/,
    );
  });
});

describe('VAE errors', () => {
  it('checks its config at construction (see vae-config.test.ts for every field)', () => {
    expect(() => new VAE({ inputShape: shape, latentDim: 0 })).toThrow(ModelError);
    expect(() => new VAE({ inputShape: shape, latentDim: 0 })).toThrow(
      /VAE config: latentDim must be a positive integer, got 0/,
    );
  });

  it('rejects inputs and codes of the wrong shape, naming both shapes', () => {
    const vae = make();
    expect(() => vae.encode(tf.zeros([2, 28, 28, 1]))).toThrow(
      /VAE.encode: input must have shape \[batch, 4, 4, 1\], got \[2, 28, 28, 1\]/,
    );
    expect(() => vae.decode(tf.zeros([2, 3]))).toThrow(
      /VAE.decode: input must have shape \[batch, 2\], got \[2, 3\]/,
    );
    const x = batchOf(2, 1);
    expect(() => vae.lossTerms({ x, input: batchOf(3, 1) }, { training: true })).toThrow(
      /batch.input has 3 examples but batch.x has 2/,
    );
    expect(() => vae.logLikelihood(x, { samples: 0 })).toThrow(
      /VAE.logLikelihood: samples must be a positive integer, got 0/,
    );
    vae.dispose();
  });
});
