import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AutoencoderModel, ModelBatch } from '@ae/core';
import { toTensor } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Autoencoder } from './autoencoder.js';
import type { AutoencoderOptions } from './autoencoder-config.js';
import { loadModel } from './load-model.js';
import { memoryStore } from './model-store.js';
import { fileStore } from './node/file-store.js';
import { VAE } from './vae.js';

const MNIST = [28, 28, 1];
const SMALL = [14, 14, 1];
let train: tf.Tensor; // [256, 28, 28, 1]
let small: tf.Tensor; // the same digits 2×2 average-pooled, [256, 14, 14, 1]
let smallTest: tf.Tensor; // 64 test digits, [64, 14, 14, 1]

beforeAll(async () => {
  await tf.setBackend('cpu');
  train = toTensor(await loadMnist({ split: 'train', limit: 256 }));
  small = tf.avgPool(train as tf.Tensor4D, 2, 2, 'valid');
  const test = toTensor(await loadMnist({ split: 'test', limit: 64 }));
  smallTest = tf.avgPool(test as tf.Tensor4D, 2, 2, 'valid');
  test.dispose();
});
afterAll(() => tf.dispose([train, small, smallTest]));

/** Batch `step` of 32 of `data` (256 examples), in order. */
const slice32 = (data: tf.Tensor, step: number) => tf.slice(data, [(step % 8) * 32], [32]);
/** `x` plus N(0, σ²) noise drawn with `seed`, clipped to [0, 1]. */
const noisy = (x: tf.Tensor, sigma: number, seed: number) =>
  tf.tidy(() =>
    tf.clipByValue(tf.add(x, tf.randomNormal(x.shape, 0, sigma, 'float32', seed)), 0, 1),
  );

/** Adam steps on `batchAt(step)` (default: the 14×14 digits); returns every step's total loss. */
async function fit(
  model: AutoencoderModel,
  steps: number,
  { lr = 1e-2, batchAt = (s: number): ModelBatch => ({ x: slice32(small, s) }) } = {},
) {
  const opt = tf.train.adam(lr);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const batch = batchAt(step);
    const cost = opt.minimize(
      () => {
        const { total, ...rest } = model.lossTerms(batch, { training: true, step });
        tf.dispose(Object.values(rest));
        return total;
      },
      true,
      model.trainableVariables,
    ) as tf.Scalar;
    losses.push((await cost.data())[0] as number);
    tf.dispose([cost, batch.x, batch.input as tf.Tensor]);
  }
  opt.dispose();
  return losses;
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const rows = async (t: tf.Tensor) =>
  (await tf.reshape(t, [t.shape[0] as number, -1]).array()) as number[][];
const scalar = async (t: tf.Tensor | undefined) => (await (t as tf.Tensor).data())[0] as number;
/** A dense autoencoder of the 14×14 digits. */
const dense = (o: Partial<AutoencoderOptions> = {}) =>
  new Autoencoder({ inputShape: SMALL, latentDim: 16, hidden: [64], seed: 1, ...o });

describe('Autoencoder training on 256 MNIST digits (cpu)', () => {
  it('undercomplete dense AE, 28×28, Adam 1e-3: mean loss of the last 5 of 25 steps < 0.6 × the first 5', async () => {
    const ae = new Autoencoder({ inputShape: MNIST, latentDim: 16, hidden: [64], seed: 1 });
    expect(ae.complete).toBe('under');
    const losses = await fit(ae, 25, { lr: 1e-3, batchAt: (s) => ({ x: slice32(train, s) }) });
    expect(mean(losses.slice(-5))).toBeLessThan(0.6 * mean(losses.slice(0, 5)));
    ae.dispose();
  });

  it('L1-sparse: mean |code| after 20 steps < 0.5 × without the penalty (same seed and steps)', async () => {
    const meanAbsCode = async (ae: Autoencoder) => {
      await fit(ae, 20);
      const m = await scalar(tf.tidy(() => tf.mean(tf.abs(ae.encode(smallTest)))));
      ae.dispose();
      return m;
    };
    const plain = await meanAbsCode(dense());
    const sparse = await meanAbsCode(dense({ sparsity: { kind: 'l1', weight: 1 } }));
    expect(sparse).toBeLessThan(0.5 * plain);
  });

  it('KL-sparse: |mean code activation − ρ| after 20 steps < 0.3 × before', async () => {
    const rho = 0.05;
    const ae = dense({
      codeActivation: 'sigmoid',
      sparsity: { kind: 'kl', target: rho, weight: 5 },
    });
    const activation = async () => scalar(tf.tidy(() => tf.mean(ae.encode(smallTest))));
    const before = await activation();
    await fit(ae, 20);
    const after = await activation();
    expect(Math.abs(after - rho)).toBeLessThan(0.3 * Math.abs(before - rho));
    ae.dispose();
  });

  it('denoising (σ = 0.5): ‖reconstruct(noisy) − clean‖² < 0.5 × ‖noisy − clean‖² on held-out digits', async () => {
    const ae = dense({ latentDim: 32, denoising: { corruption: 'gaussian', amount: 0.5 } });
    await fit(ae, 30, {
      batchAt: (s) => {
        const x = slice32(small, s);
        return { x, input: noisy(x, 0.5, 100 + s) };
      },
    });
    const corrupted = noisy(smallTest, 0.5, 7);
    const sq = (a: tf.Tensor) =>
      scalar(tf.tidy(() => tf.div(tf.sum(tf.square(tf.sub(a, smallTest))), 64)));
    const baseline = await sq(corrupted);
    const denoised = await sq(tf.tidy(() => ae.reconstruct(corrupted)));
    expect(denoised).toBeLessThan(0.5 * baseline);
    tf.dispose(corrupted);
    ae.dispose();
  });
});

/** Float64 binary cross-entropy of logits `l` against targets `t`, summed over features, averaged over rows. */
function bce64(t: number[][], l: number[][]): number {
  let s = 0;
  for (const [i, row] of t.entries()) {
    for (const [j, v] of row.entries()) {
      const p = 1 / (1 + Math.exp(-(l[i]?.[j] ?? 0)));
      s -= v * Math.log(p) + (1 - v) * Math.log(1 - p);
    }
  }
  return s / t.length;
}

describe('Autoencoder.lossTerms against float64 re-computations', () => {
  const x = () => tf.slice(small, [0], [6]);

  it('bernoulli: BCE(x, decoder(encoder(input))) encodes input, reconstructs x; decode = sigmoid', async () => {
    const ae = dense();
    const [clean, input] = [x(), noisy(x(), 0.3, 4)];
    const terms = ae.lossTerms({ x: clean, input }, { training: true });
    expect(Object.keys(terms).sort()).toEqual(['reconstruction', 'total']);
    const code = ae.encoder.predict(input) as tf.Tensor;
    const logits = await rows(ae.decoder.predict(code) as tf.Tensor);
    const want = bce64(await rows(clean), logits);
    expect(await scalar(terms.reconstruction)).toBeCloseTo(want, 2);
    expect(await scalar(terms.total)).toBeCloseTo(want, 2);
    const decoded = await rows(ae.decode(code as tf.Tensor2D));
    for (const [i, row] of decoded.entries()) {
      for (const [j, p] of row.entries()) {
        expect(p).toBeCloseTo(1 / (1 + Math.exp(-(logits[i]?.[j] ?? 0))), 5);
      }
    }
    ae.dispose();
  });

  it("reduction 'mean': the float64 BCE averaged over the 196 pixels too, i.e. the sum / 196", async () => {
    const sum = dense({ seed: 7 });
    const mean = dense({ seed: 7, reduction: 'mean', sparsity: { kind: 'l1', weight: 0.5 } });
    expect(mean.config.reduction).toBe('mean');
    expect(sum.config.reduction).toBeUndefined();
    const xs = x();
    const logits = await rows(
      sum.decoder.predict(sum.encoder.predict(xs) as tf.Tensor) as tf.Tensor,
    );
    const perExample = bce64(await rows(xs), logits); // Σ over pixels, mean over the batch
    const terms = mean.lossTerms({ x: xs }, { training: false });
    expect(await scalar(terms.reconstruction)).toBeCloseTo(perExample / 196, 5);
    const penalty = await scalar(terms.sparsity);
    expect(await scalar(terms.total)).toBeCloseTo(perExample / 196 + 0.5 * penalty, 5);
    const summed = sum.lossTerms({ x: xs }, { training: false });
    expect(await scalar(summed.reconstruction)).toBeCloseTo(perExample, 2);
    expect(() => dense({ reduction: 'median' as never })).toThrow(
      /reduction must be one of sum, mean, got "median"/,
    );
    tf.dispose([xs, ...Object.values(summed), ...Object.values(terms)]);
    sum.dispose();
    mean.dispose();
  });

  it('gaussian: ½Σ(x − x̂)² per example from the raw outputs; decode returns them unclipped', async () => {
    const ae = dense({ likelihood: 'gaussian' });
    const xs = tf.mul(x(), 3); // real-valued data, outside [0, 1]
    const terms = ae.lossTerms({ x: xs }, { training: false });
    const out = ae.decoder.predict(ae.encoder.predict(xs) as tf.Tensor) as tf.Tensor;
    const [t, m] = [await rows(xs), await rows(out)];
    let want = 0;
    for (const [i, row] of t.entries()) {
      for (const [j, v] of row.entries()) want += 0.5 * (v - (m[i]?.[j] ?? 0)) ** 2;
    }
    want /= t.length;
    expect(m.flat().some((v) => v < 0 || v > 1)).toBe(true); // so "unclipped" is tested
    expect(await scalar(terms.reconstruction)).toBeCloseTo(want, 2);
    expect(Array.from(await ae.reconstruct(xs).data())).toEqual(Array.from(await out.data()));
    ae.dispose();
  });

  it('l1: sparsity = Σ|code| per example and total = reconstruction + weight · sparsity', async () => {
    const ae = dense({ sparsity: { kind: 'l1', weight: 0.25 } });
    const terms = ae.lossTerms({ x: x() }, { training: false });
    const code = await rows(ae.encoder.predict(x()) as tf.Tensor);
    const want = code.flat().reduce((a, v) => a + Math.abs(v), 0) / code.length;
    const rec = await scalar(terms.reconstruction);
    expect(await scalar(terms.sparsity)).toBeCloseTo(want, 4);
    expect(await scalar(terms.total)).toBeCloseTo(rec + 0.25 * want, 3);
    ae.dispose();
  });

  it('kl: sparsity = Σ_j KL(ρ ‖ ρ̂_j) of the batch-mean sigmoid codes', async () => {
    const rho = 0.1;
    const ae = dense({
      codeActivation: 'sigmoid',
      sparsity: { kind: 'kl', target: rho, weight: 2 },
    });
    const terms = ae.lossTerms({ x: x() }, { training: false });
    const code = await rows(ae.encoder.predict(x()) as tf.Tensor);
    let want = 0;
    for (let j = 0; j < 16; j++) {
      const r = code.reduce((a, row) => a + (row[j] ?? 0), 0) / code.length;
      want += rho * Math.log(rho / r) + (1 - rho) * Math.log((1 - rho) / (1 - r));
    }
    const rec = await scalar(terms.reconstruction);
    expect(await scalar(terms.sparsity)).toBeCloseTo(want, 4);
    expect(await scalar(terms.total)).toBeCloseTo(rec + 2 * want, 3);
    ae.dispose();
  });
});

describe('Autoencoder code sizes and feature-map presets', () => {
  it('derives latentDim from presets and flattens / reshapes feature-map codes', async () => {
    const expected = {
      'dense-ae-32': [32, 'under'],
      'keras-conv-ae': [784, 'complete'],
      'bottleneck-conv-ae': [64, 'under'],
      'torch-conv-ae': [3136, 'over'],
    } as const;
    const xs = tf.slice(train, [0], [2]);
    for (const [preset, [latentDim, complete]] of Object.entries(expected)) {
      const ae = new Autoencoder({ inputShape: MNIST, preset: preset as 'dense-ae-32', seed: 2 });
      expect([preset, ae.latentDim, ae.complete]).toEqual([preset, latentDim, complete]);
      const raw = ae.encoder.predict(xs) as tf.Tensor;
      const z = ae.encode(xs);
      expect(z.shape).toEqual([2, latentDim]);
      expect(Array.from(await z.data())).toEqual(Array.from(await raw.data()));
      const want = tf.sigmoid(ae.decoder.predict(raw) as tf.Tensor);
      const got = ae.decode(z);
      expect(got.shape).toEqual([2, ...MNIST]);
      expect(Array.from(await got.data())).toEqual(Array.from(await want.data()));
      tf.dispose([raw, z, want, got]);
      ae.dispose();
    }
    const over = new Autoencoder({ inputShape: [4, 4, 1], latentDim: 32, hidden: [8] });
    expect(over.complete).toBe('over');
    over.dispose();
  });

  it('has no sample method: a plain autoencoder has no prior', () => {
    const ae: AutoencoderModel = dense();
    expect(ae.sample).toBeUndefined();
    ae.dispose();
  });
});

describe('Autoencoder save and load', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ae-autoencoder-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const options: AutoencoderOptions = {
    inputShape: SMALL,
    latentDim: 8,
    hidden: [16],
    codeActivation: 'sigmoid',
    sparsity: { kind: 'kl', target: 0.05, weight: 3 },
    denoising: { corruption: 'gaussian', amount: 0.3 },
    seed: 5,
  };
  const same = async (a: tf.Tensor, b: tf.Tensor) =>
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));

  async function expectIdentical(ae: Autoencoder, loaded: AutoencoderModel) {
    expect(loaded).toBeInstanceOf(Autoencoder);
    expect((loaded as Autoencoder).config).toEqual(ae.config);
    const xs = tf.slice(small, [0], [3]);
    const z = tf.randomNormal([3, ae.latentDim], 0, 1, 'float32', 8);
    await same(loaded.encode(xs), ae.encode(xs));
    await same(loaded.decode(z), ae.decode(z));
    await same(loaded.reconstruct(xs), ae.reconstruct(xs));
  }

  for (const kind of ['memoryStore()', 'fileStore(dir)', 'a directory path'] as const) {
    it(`round-trips through ${kind} with identical outputs, rebuilt by loadModel and Autoencoder.load`, async () => {
      const ae = new Autoencoder(options);
      const path = join(dir, kind.replace(/\W/g, ''));
      const store = kind === 'memoryStore()' ? memoryStore() : fileStore(path);
      await ae.save(kind === 'a directory path' ? path : store, {
        dataset: { name: 'mnist-14', shape: SMALL },
      });
      await expectIdentical(ae, await loadModel(store));
      await expectIdentical(ae, await Autoencoder.load(kind === 'a directory path' ? path : store));
      const aeJson = (await store.readConfig()) as Record<string, unknown>;
      expect(aeJson).toMatchObject({ family: 'ae', networks: ['encoder', 'decoder'] });
      expect(aeJson.config).toMatchObject({ denoising: { corruption: 'gaussian', amount: 0.3 } });
      ae.dispose();
    });
  }

  it('round-trips a feature-map preset (bottleneck-conv-ae: 1×1×64 code)', async () => {
    const ae = new Autoencoder({
      inputShape: MNIST,
      preset: 'bottleneck-conv-ae',
      likelihood: 'gaussian',
    });
    const store = memoryStore();
    await ae.save(store);
    const loaded = (await loadModel(store)) as Autoencoder;
    expect(loaded.codeShape).toEqual([1, 1, 64]);
    const xs = tf.slice(train, [0], [2]);
    await same(loaded.reconstruct(xs), ae.reconstruct(xs));
    ae.dispose();
    loaded.dispose();
  });

  it('reports a saved config that no longer validates as MODEL_BAD_SAVED_CONFIG, naming the file', async () => {
    const ae = dense();
    const store = memoryStore();
    await ae.save(store);
    ae.dispose();
    const aeJson = (await store.readConfig()) as { config: Record<string, unknown> };
    await store.writeConfig({
      ...aeJson,
      config: { ...aeJson.config, likelihood: 'poisson' },
    } as never);
    await expect(Autoencoder.load(store)).rejects.toMatchObject({
      code: 'MODEL_BAD_SAVED_CONFIG',
      message: expect.stringMatching(/^memory\/ae.json: Autoencoder config: likelihood must be/),
    });
  });

  it('refuses a directory of another family, naming both', async () => {
    const vae = new VAE({ inputShape: SMALL, latentDim: 2, hidden: [8] });
    const path = join(dir, 'a-vae');
    await vae.save(fileStore(path));
    vae.dispose();
    await expect(Autoencoder.load(path)).rejects.toMatchObject({
      code: 'MODEL_UNKNOWN_FAMILY',
      message: expect.stringMatching(/family is "vae", not "ae"/),
    });
  });
});

describe('Autoencoder tensor hygiene', () => {
  it('a training step, lossTerms, encode, decode, reconstruct and interpolate leak no tensors', async () => {
    const ae = dense({
      codeActivation: 'sigmoid',
      sparsity: { kind: 'kl', target: 0.05, weight: 1 },
    });
    const x = tf.slice(small, [0], [8]);
    const input = noisy(x, 0.2, 3);
    const one = tf.slice(x, [0], [1]);
    const opt = tf.train.adam(1e-3);
    const step = () =>
      tf.dispose(
        opt.minimize(
          () => {
            const { total, ...rest } = ae.lossTerms({ x, input }, { training: true });
            tf.dispose(Object.values(rest));
            return total;
          },
          true,
          ae.trainableVariables,
        ) as tf.Scalar,
      );
    step(); // creates Adam's slot variables
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      step();
      tf.dispose(ae.lossTerms({ x }, { training: false }));
      const z = ae.encode(x);
      tf.dispose([z, ae.decode(z), ae.reconstruct(x), ae.interpolate(one, one, 3)]);
    }
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    ae.dispose();
  });
});

describe('Autoencoder errors', () => {
  it('names the method, the expected and the actual shape of bad inputs, before computing', () => {
    const ae = dense();
    const [x, big, code15, input3] = [
      tf.zeros([2, ...SMALL]),
      tf.zeros([2, 28, 28, 1]),
      tf.zeros([2, 15]),
      tf.zeros([3, ...SMALL]),
    ];
    const before = tf.memory().numTensors;
    const fails = (call: () => unknown, pattern: RegExp) => {
      expect(call).toThrow(expect.objectContaining({ code: 'MODEL_BAD_INPUT' }));
      expect(call).toThrow(pattern);
    };
    fails(
      () => ae.encode(big),
      /Autoencoder.encode: input must have shape \[batch, 14, 14, 1\], got \[2, 28, 28, 1\]/,
    );
    fails(
      () => ae.decode(code15),
      /Autoencoder.decode: codes must have shape \[batch, 16\], got \[2, 15\]/,
    );
    fails(
      () => ae.lossTerms({ x, input: input3 }, { training: true }),
      /batch.input must have the shape of batch.x \[2, 14, 14, 1\], got \[3, 14, 14, 1\]/,
    );
    fails(
      () => ae.interpolate(x, x, 3, { label: 1 }),
      /label 1 given, but an Autoencoder is not conditional/,
    );
    expect(tf.memory().numTensors).toBe(before);
    ae.dispose();
  });

  it('checks networks passed in, naming the expected and the actual shapes', () => {
    const other = new Autoencoder({ inputShape: SMALL, latentDim: 8, hidden: [4] });
    expect(() => new Autoencoder({ inputShape: SMALL, latentDim: 6 }, other)).toThrow(
      expect.objectContaining({
        code: 'MODEL_BAD_NETWORK',
        message: expect.stringMatching(
          /Autoencoder: the encoder must output one code of shape \[\[null, 6\]\], got \[\[null, 8\]\]/,
        ),
      }),
    );
    const reused = new Autoencoder({ inputShape: SMALL, latentDim: 8 }, other);
    expect(reused.encoder).toBe(other.encoder);
    other.dispose();
  });
});
