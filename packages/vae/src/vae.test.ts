import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@ae/backend';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from './load-model.js';
import { ModelError } from './model-error.js';
import { memoryStore } from './model-store.js';
import { fileStore } from './node/file-store.js';
import { VAE } from './vae.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const shape = [4, 4, 1];
const make = (seed = 3) => new VAE({ inputShape: shape, latentDim: 2, hidden: [8], seed });
const batchOf = (n: number, seed: number) => tf.randomUniform([n, ...shape], 0, 1, 'float32', seed);

describe('VAE.lossTerms', () => {
  it('equals a float64 re-computation of BCE(x, decoder(mean + σ·ε)) and KL(q ‖ N(0, I))', async () => {
    const vae = new VAE({ inputShape: shape, latentDim: 2, hidden: [8], seed: 3, beta: 2.5 });
    const x = batchOf(5, 1);
    // Replay the model's noise: lossTerms draws one seed from a generator seeded like the model's.
    const replay = createRng(3);
    const terms = vae.lossTerms({ x }, { training: true });

    const { mean, logVar } = vae.posteriorOf(x);
    const eps = tf.randomNormal([5, 2], 0, 1, 'float32', replay.seed());
    const m = (await mean.array()) as number[][];
    const lv = (await logVar.array()) as number[][];
    const e = (await eps.array()) as number[][];
    const z = m.map((row, i) =>
      row.map((mu, j) => mu + Math.exp(0.5 * (lv[i]?.[j] ?? 0)) * (e[i]?.[j] ?? 0)),
    );
    const logits = vae.decoder.predict(tf.tensor2d(z)) as tf.Tensor;
    const l = (await tf.reshape(logits, [5, 16]).array()) as number[][];
    const xs = (await tf.reshape(x, [5, 16]).array()) as number[][];

    let bce = 0;
    let kl = 0;
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 16; j++) {
        const t = xs[i]?.[j] ?? 0;
        const p = 1 / (1 + Math.exp(-(l[i]?.[j] ?? 0)));
        bce -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
      }
      for (let j = 0; j < 2; j++) {
        const mu = m[i]?.[j] ?? 0;
        const v = lv[i]?.[j] ?? 0;
        kl += 0.5 * (Math.exp(v) + mu * mu - 1 - v);
      }
    }
    bce /= 5;
    kl /= 5;
    const got = {
      total: (await terms.total.data())[0] as number,
      reconstruction: (await terms.reconstruction?.data())?.[0] as number,
      kl: (await terms.kl?.data())?.[0] as number,
    };
    expect(got.reconstruction).toBeCloseTo(bce, 3);
    expect(got.kl).toBeCloseTo(kl, 4);
    expect(got.total).toBeCloseTo(bce + 2.5 * kl, 3);
    vae.dispose();
  });

  it('does not leak tensors over repeated calls', () => {
    const vae = make();
    const x = batchOf(8, 2);
    const one = tf.slice(x, 0, 1);
    tf.dispose(vae.lossTerms({ x }, { training: true }));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 30; i++) {
      tf.dispose(vae.lossTerms({ x }, { training: true }));
      tf.dispose([vae.encode(x), vae.reconstruct(x), vae.sample(3), vae.interpolate(one, one, 3)]);
    }
    expect(tf.memory().numTensors).toBe(before);
    vae.dispose();
  });
});

describe('VAE sampling and interpolation', () => {
  it('samples in [0, 1] with the requested count, reproducibly for a seed', async () => {
    const vae = make();
    const a = vae.sample(6, { seed: 9 });
    const b = vae.sample(6, { seed: 9 });
    expect(a.shape).toEqual([6, ...shape]);
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    const [lo, hi] = [(await tf.min(a).data())[0], (await tf.max(a).data())[0]];
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
    vae.dispose();
  });

  it('interpolates with the reconstructions of both ends at the ends', async () => {
    const vae = make();
    const x = batchOf(2, 5);
    const [a, b] = tf.split(x, 2);
    const path = vae.interpolate(a as tf.Tensor, b as tf.Tensor, 5);
    expect(path.shape).toEqual([5, ...shape]);
    const rec = await vae.reconstruct(x).array();
    const p = (await path.array()) as number[][][][];
    expect(p[0]).toEqual((rec as number[][][][])[0]);
    expect(p[4]).toEqual((rec as number[][][][])[1]);
    expect(() => vae.interpolate(x, b as tf.Tensor, 3)).toThrow(
      /a must be one example \(\[4, 4, 1\] or \[1, …\]\), got \[2, 4, 4, 1\]/,
    );
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

  for (const kind of ['memory', 'file'] as const) {
    it(`round-trips through a ${kind} store with identical outputs`, async () => {
      const vae = make(7);
      const store = kind === 'memory' ? memoryStore() : fileStore(join(dir, 'm'));
      await vae.save(store, { dataset: { name: 'toy', shape } });
      const loaded = await loadModel(store);
      expect(loaded).toBeInstanceOf(VAE);
      expect((loaded as VAE).config).toEqual(vae.config);
      const x = batchOf(3, 4);
      const z = tf.randomNormal([3, 2], 0, 1, 'float32', 8);
      expect(Array.from(await loaded.encode(x).data())).toEqual(
        Array.from(await vae.encode(x).data()),
      );
      expect(Array.from(await loaded.decode(z).data())).toEqual(
        Array.from(await vae.decode(z).data()),
      );
      const aeJson = (await store.readConfig()) as Record<string, unknown>;
      expect(aeJson).toMatchObject({
        format: 'ae-model',
        formatVersion: 1,
        family: 'vae',
        networks: ['encoder', 'decoder'],
      });
      expect(aeJson.dataset).toEqual({ name: 'toy', shape });
      vae.dispose();
      loaded.dispose();
    });
  }

  it('says what is missing when the directory holds no model', async () => {
    await expect(loadModel(fileStore(join(dir, 'nothing-here')))).rejects.toThrow(
      /ae.json not found/,
    );
  });

  it('refuses an ae.json of an unknown family or a newer format', async () => {
    const store = memoryStore();
    await store.writeConfig({
      format: 'ae-model',
      formatVersion: 1,
      family: 'gan',
      config: {},
      networks: [],
      library: { name: 'x', version: '0' },
      createdAt: '',
    });
    await expect(loadModel(store)).rejects.toThrow(/unknown family "gan"; this version loads vae/);
    await store.writeConfig({
      format: 'ae-model',
      formatVersion: 99,
      family: 'vae',
      config: {},
      networks: [],
      library: { name: 'x', version: '0' },
      createdAt: '',
    });
    await expect(loadModel(store)).rejects.toThrow(/formatVersion 99 is newer/);
  });
});

describe('VAE errors', () => {
  it('names the field, the value and what is accepted', () => {
    const bad = (options: object, pattern: RegExp) => {
      const call = () => new VAE({ inputShape: shape, latentDim: 2, ...options } as never);
      expect(call).toThrow(ModelError);
      expect(call).toThrow(pattern);
    };
    bad({ latentDim: -1 }, /latentDim must be a positive integer, got -1/);
    bad({ beta: Number.NaN }, /beta must be a finite number ≥ 0, got NaN/);
    bad({ inputShape: [28, 'x'] }, /inputShape must be a list of positive integers/);
    bad({ activation: 'gelu' }, /activation must be one of relu/);
  });

  it('rejects an input of the wrong shape, naming both shapes', () => {
    const vae = make();
    const x = tf.zeros([2, 28, 28, 1]);
    expect(() => vae.encode(x)).toThrow(
      /input must have shape \[batch, 4, 4, 1\], got \[2, 28, 28, 1\]/,
    );
    vae.dispose();
  });
});
