import { canSample } from '@ae/core';
import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelStore } from '@ae/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from './load-model.js';
import { memoryStore } from './model-store.js';
import { fileStore } from './node/file-store.js';
import { VAE } from './vae.js';
import { VQVAE } from './vqvae.js';

/** `model.sample`, which exists only while a prior is fitted. */
function sampler(model: VQVAE): NonNullable<VQVAE['sample']> {
  const sample = model.sample;
  if (!canSample(model) || sample === undefined) throw new Error('the model has no sample()');
  return sample;
}

let dir = '';

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'ae-vqvae-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const shape = [8, 8, 1];
const flat = async (t: tf.Tensor) => Array.from(await t.data());

/** A trained VQ-VAE with EMA statistics, a k-means-initialized codebook and a fitted prior. */
async function trained() {
  const model = new VQVAE({
    inputShape: shape,
    filters: [4],
    codeDim: 3,
    numCodes: 8,
    ema: { decay: 0.8 },
    init: 'kmeans',
    deadCodeThreshold: 0.1,
    seed: 4,
  });
  const x = tf.randomUniform([6, ...shape], 0, 1, 'float32', 5);
  const optimizer = tf.train.adam(1e-2);
  for (let i = 0; i < 3; i++) {
    optimizer.minimize(
      () => model.lossTerms({ x }, { training: true }).total,
      false,
      model.trainableVariables,
    );
  }
  optimizer.dispose();
  await model.fitPrior(x, { smoothing: 0.25 });
  return { model, x };
}

/** Every weight of the quantizer network by name (vq/codebook, vq/cluster_size, …). */
async function quantizerState(model: VQVAE) {
  const state: Record<string, number[]> = {};
  for (const w of model.quantizerNetwork.weights) state[w.originalName] = await flat(w.read());
  return state;
}

async function expectSame(a: VQVAE, b: VQVAE, x: tf.Tensor) {
  expect(b).toBeInstanceOf(VQVAE);
  expect(b.config).toEqual(a.config);
  expect(await flat(b.codeIndices(x))).toEqual(await flat(a.codeIndices(x)));
  expect(await flat(b.reconstruct(x))).toEqual(await flat(a.reconstruct(x)));
  expect(await flat(sampler(b)(4, { seed: 2 }))).toEqual(await flat(sampler(a)(4, { seed: 2 })));
  expect(b.prior?.toJSON()).toEqual(a.prior?.toJSON());
  expect(await quantizerState(b)).toEqual(await quantizerState(a));
}

describe('VQVAE save and load', () => {
  const targets: Array<[string, () => ModelStore | string]> = [
    ['a memory store', () => memoryStore()],
    ['a file store', () => fileStore(join(dir, 'file-store'))],
    ['a directory path', () => join(dir, 'path')],
  ];
  for (const [name, target] of targets) {
    it(`round-trips through ${name}: same codes, reconstructions, samples, prior and quantizer state`, async () => {
      const { model, x } = await trained();
      const where = target();
      await model.save(where, { dataset: { name: 'toy', shape } });
      const loaded = await VQVAE.load(where);
      const stats = await quantizerState(model);
      expect(Object.keys(stats).sort()).toEqual([
        'vq/cluster_size',
        'vq/code_sum',
        'vq/codebook',
        'vq/initialized',
      ]);
      expect(stats['vq/initialized']).toEqual([1]);
      await expectSame(model, loaded, x);
      // Training continues from the same state: one more EMA step changes both alike.
      tf.dispose(model.lossTerms({ x }, { training: true }));
      tf.dispose(loaded.lossTerms({ x }, { training: true }));
      const after = await quantizerState(model);
      expect(after['vq/code_sum']).not.toEqual(stats['vq/code_sum']);
      expect(await quantizerState(loaded)).toEqual(after);
      if (typeof where !== 'string') {
        const any = await loadModel(where);
        expect(any).toBeInstanceOf(VQVAE);
        const aeJson = (await where.readConfig()) as Record<string, unknown>;
        expect(aeJson).toMatchObject({
          family: 'vq-vae',
          networks: ['encoder', 'decoder', 'quantizer'],
        });
        expect((aeJson.config as Record<string, unknown>).prior).toEqual(model.prior?.toJSON());
        any.dispose();
      }
      tf.dispose(x);
      model.dispose();
      loaded.dispose();
    });
  }

  it('saves prior null without a fitted prior, and loads it as none', async () => {
    const model = new VQVAE({ inputShape: shape, filters: [4], codeDim: 3, numCodes: 8 });
    const store = memoryStore();
    await model.save(store);
    expect(((await store.readConfig()) as { config: { prior: unknown } }).config.prior).toBeNull();
    const loaded = await VQVAE.load(store);
    expect(loaded.prior).toBeNull();
    expect(canSample(loaded)).toBe(false);
    model.dispose();
    loaded.dispose();
  });

  it('refuses a model of another family, naming both', async () => {
    const vae = new VAE({ inputShape: shape, latentDim: 2, hidden: [4] });
    const store = memoryStore();
    await vae.save(store);
    await expect(VQVAE.load(store)).rejects.toMatchObject({ code: 'MODEL_UNKNOWN_FAMILY' });
    await expect(VQVAE.load(store)).rejects.toThrow(
      /family is "vae", not "vq-vae"; use loadModel\(\)/,
    );
    vae.dispose();
  });

  it('refuses a saved prior that does not fit the model', async () => {
    const { model, x } = await trained();
    const store = memoryStore();
    await model.save(store);
    const aeJson = (await store.readConfig()) as {
      config: { prior: { positions: number; counts: number[] } };
    };
    aeJson.config.prior.positions = 4;
    aeJson.config.prior.counts = aeJson.config.prior.counts.slice(0, 32);
    await store.writeConfig(aeJson as never);
    await expect(VQVAE.load(store)).rejects.toThrow(
      /memory\/ae.json config.prior: a prior over 8 codes at 4 positions does not fit a model with 8 codes at 16 positions/,
    );
    tf.dispose(x);
    model.dispose();
  });
});
