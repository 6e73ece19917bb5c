import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@ae/backend';
import { toTensor } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConditionalVAE } from './conditional-vae.js';
import { loadModel } from './load-model.js';
import { ModelError } from './model-error.js';
import { memoryStore } from './model-store.js';
import { VAE } from './vae.js';

/** `a[i]`, or an error when `i` is out of range. */
function el<T>(a: readonly T[], i: number): T {
  const v = a[i];
  if (v === undefined) throw new RangeError(`index ${i} outside [0, ${a.length})`);
  return v;
}
const at = (a: readonly (readonly number[])[], i: number, j: number): number => el(el(a, i), j);

const shape = [4, 4, 1];
const small = (seed = 3) =>
  new ConditionalVAE({ inputShape: shape, latentDim: 2, hidden: [8], numClasses: 3, seed });
const batchOf = (n: number, seed: number) => tf.randomUniform([n, ...shape], 0, 1, 'float32', seed);
const num = async (t: tf.Tensor | null | undefined): Promise<number> => {
  if (!t) throw new Error('expected a tensor');
  return el(Array.from(await t.data()), 0);
};
const values = async (t: tf.Tensor) => Array.from(await t.data());
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

/*
 * Digits 0 and 1 of the first 800 MNIST training images, average-pooled to 14×14 to keep
 * the dense networks small, and a ConditionalVAE trained on them for 150 steps.
 */
let digits: tf.Tensor4D;
let labels: tf.Tensor1D;
let cvae: ConditionalVAE;
/** Positions in `digits` of the 0s and of the 1s. */
const byClass: number[][] = [[], []];
const losses: number[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
  const mnist = await loadMnist({ split: 'train', limit: 800 });
  const keep = Array.from(mnist.labels ?? [], (l, i) => (l <= 1 ? i : -1)).filter((i) => i >= 0);
  digits = tf.tidy(() =>
    tf.avgPool(toTensor(mnist, Uint32Array.from(keep)) as tf.Tensor4D, 2, 2, 'valid'),
  );
  const classes = keep.map((i) => mnist.labels?.[i] ?? 0);
  classes.forEach((c, position) => {
    byClass[c]?.push(position);
  });
  labels = tf.tensor1d(classes, 'int32');
  cvae = new ConditionalVAE({
    inputShape: [14, 14, 1],
    latentDim: 2,
    hidden: [32],
    numClasses: 2,
    seed: 5,
  });
  const opt = tf.train.adam(3e-3);
  const rng = createRng(1);
  const n = keep.length;
  for (let step = 0; step < 150; step++) {
    const idx = tf.tensor1d(
      Array.from({ length: 32 }, () => rng.int(n)),
      'int32',
    );
    const batch = { x: tf.gather(digits, idx), labels: tf.gather(labels, idx) };
    const cost = opt.minimize(
      () => {
        const { total, ...rest } = cvae.lossTerms(batch, { training: true, step });
        tf.dispose(Object.values(rest));
        return total;
      },
      true,
      cvae.trainableVariables,
    );
    losses.push(await num(cost ?? undefined));
    tf.dispose([idx, batch.x, batch.labels, cost as tf.Tensor]);
  }
  opt.dispose();
});

afterAll(() => {
  tf.dispose([digits, labels]);
  cvae.dispose();
});

/** Mean squared pixel distance of every image in `images` to `target` `[1, h, w, c]`, averaged. */
const distance = async (images: tf.Tensor, target: tf.Tensor) =>
  num(tf.mean(tf.squaredDifference(images, target)));

describe('ConditionalVAE on MNIST digits 0 and 1', () => {
  it('trains: mean total of the last 10 of 150 steps < 0.5 × the first 10', () => {
    expect(mean(losses.slice(-10))).toBeLessThan(0.5 * mean(losses.slice(0, 10)));
  });

  it('conditions on the label: samples of class c are closer to the mean digit c than to the other', async () => {
    const classMean = (c: number) =>
      tf.mean(tf.gather(digits, tf.tensor1d(byClass[c] ?? [], 'int32')), 0, true);
    const [mean0, mean1] = [classMean(0), classMean(1)];
    const s0 = cvae.sample(64, { label: 0, seed: 4 });
    const s1 = cvae.sample(64, { label: 1, seed: 4 }); // same codes, other label
    expect(await distance(s0, mean0)).toBeLessThan(0.7 * (await distance(s0, mean1)));
    expect(await distance(s1, mean1)).toBeLessThan(0.7 * (await distance(s1, mean0)));
    // The same z decoded with two labels gives clearly different images.
    expect(await num(tf.mean(tf.abs(tf.sub(s0, s1))))).toBeGreaterThan(0.05);
  });
});

describe('ConditionalVAE.lossTerms', () => {
  it('equals a float64 BCE + KL with the one-hot label fed to both networks', async () => {
    const model = small(6);
    const x = batchOf(4, 1);
    const y = tf.tensor1d([2, 0, 1, 2], 'int32');
    const terms = model.lossTerms({ x, labels: y }, { training: true });
    const { mean: m, logVar } = model.posteriorOf(x, { labels: y });
    const mu = (await m.array()) as number[][];
    const lv = (await logVar.array()) as number[][];
    const eps = (await tf
      .randomNormal([4, 2], 0, 1, 'float32', createRng(6).seed())
      .array()) as number[][];
    const z = mu.map((row, i) =>
      row.map((v, j) => v + Math.exp(0.5 * at(lv, i, j)) * at(eps, i, j)),
    );
    const oneHot = [2, 0, 1, 2].map((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0)));
    const logits = model.decoder.predict([tf.tensor2d(z), tf.tensor2d(oneHot)]) as tf.Tensor;
    const l = (await tf.reshape(logits, [4, 16]).array()) as number[][];
    const xs = (await tf.reshape(x, [4, 16]).array()) as number[][];
    let [rec, kl] = [0, 0];
    for (let i = 0; i < 4; i++) {
      el(xs, i).forEach((t, j) => {
        const p = 1 / (1 + Math.exp(-at(l, i, j)));
        rec -= (t * Math.log(p) + (1 - t) * Math.log(1 - p)) / 4;
      });
      el(mu, i).forEach((v, j) => {
        kl += (0.5 * (Math.exp(at(lv, i, j)) + v * v - 1 - at(lv, i, j))) / 4;
      });
    }
    expect(await num(terms.reconstruction)).toBeCloseTo(rec, 3);
    expect(await num(terms.kl)).toBeCloseTo(kl, 4);
    expect(await num(terms.total)).toBeCloseTo(rec + kl, 3);
    model.dispose();
  });

  it('requires labels everywhere, naming the field, the shape and the range', () => {
    const model = small();
    const x = batchOf(2, 1);
    const y = tf.tensor1d([0, 1], 'int32');
    expect(() => model.lossTerms({ x }, { training: true })).toThrow(
      /ConditionalVAE.lossTerms: batch.labels is required: integer class labels of shape \[2\] in \[0, 3\)/,
    );
    expect(() => model.encode(x)).toThrow(/ConditionalVAE.encode: options.labels is required/);
    expect(() => model.decode(tf.zeros([2, 2]))).toThrow(
      /ConditionalVAE.decode: options.labels is required/,
    );
    expect(() => model.reconstruct(x, { labels: tf.tensor1d([0, 1, 2]) })).toThrow(
      /got shape \[3\]/,
    );
    expect(() => model.logLikelihood(x)).toThrow(
      /ConditionalVAE.logLikelihood: options.labels is required/,
    );
    expect(() => model.sample(2)).toThrow(
      /ConditionalVAE.sample: label must be an integer in \[0, 3\), got undefined/,
    );
    expect(() => model.sample(2, { label: 3 })).toThrow(/got 3/);
    expect(() => model.interpolate(x, x, 3, { label: 1.5 })).toThrow(
      /label must be an integer in \[0, 3\), got 1.5/,
    );
    expect(() => new ConditionalVAE({ inputShape: shape, latentDim: 2 } as never)).toThrow(
      /ConditionalVAE config: numClasses must be a positive integer .*got undefined/,
    );
    const plain = new VAE({ inputShape: shape, latentDim: 2, hidden: [8] });
    expect(
      () => new ConditionalVAE({ inputShape: shape, latentDim: 2, numClasses: 3 }, plain),
    ).toThrow(
      /ConditionalVAE: the encoder must take 2 inputs of shape \[\[null, 4, 4, 1\], \[null, 3\]\], got \[\[null, 4, 4, 1\]\]/,
    );
    tf.dispose([x, y]);
    model.dispose();
    plain.dispose();
  });

  it('builds a Gaussian preset with a label input', async () => {
    const model = new ConditionalVAE({
      preset: 'keras-conv-vae',
      inputShape: [28, 28, 1],
      numClasses: 10,
    });
    expect(model.latentDim).toBe(2);
    expect(model.encoder.inputs.map((i) => i.shape)).toEqual([
      [null, 28, 28, 1],
      [null, 10],
    ]);
    const terms = model.lossTerms(
      { x: tf.zeros([2, 28, 28, 1]), labels: tf.tensor1d([3, 9], 'int32') },
      { training: false },
    );
    expect(Number.isFinite(await num(terms.total))).toBe(true);
    model.dispose();
  });

  it('does not leak tensors over repeated calls', () => {
    const model = small();
    const x = batchOf(4, 2);
    const y = tf.tensor1d([0, 1, 2, 1], 'int32');
    const one = tf.slice(x, 0, 1);
    const z = tf.zeros([4, 2]);
    tf.dispose(model.lossTerms({ x, labels: y }, { training: true }));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) {
      tf.dispose(model.lossTerms({ x, labels: y }, { training: true }));
      tf.dispose([model.encode(x, { labels: y }), model.decode(z, { labels: y })]);
      tf.dispose([model.reconstruct(x, { labels: y }), model.sample(3, { label: 2 })]);
      tf.dispose([model.interpolate(one, one, 3, { label: 1 }), model.elbo(x, { labels: y })]);
      tf.dispose(model.logLikelihood(x, { labels: y, samples: 4, batchSize: 8 }));
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y, one, z]);
    model.dispose();
  });
});

describe('ConditionalVAE save and load', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ae-cvae-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips through a memory store and a directory with identical outputs', async () => {
    const x = tf.slice(digits, 0, 3);
    const y = tf.slice(labels, 0, 3);
    const z = tf.randomNormal([3, 2], 0, 1, 'float32', 8);
    const store = memoryStore();
    await cvae.save(store);
    await cvae.save(join(dir, 'cvae'));
    for (const loaded of [await loadModel(store), await ConditionalVAE.load(join(dir, 'cvae'))]) {
      expect(loaded).toBeInstanceOf(ConditionalVAE);
      expect(loaded.numClasses).toBe(2);
      expect((loaded as ConditionalVAE).config).toEqual(cvae.config);
      expect(await values(loaded.encode(x, { labels: y }))).toEqual(
        await values(cvae.encode(x, { labels: y })),
      );
      expect(await values(loaded.decode(z, { labels: y }))).toEqual(
        await values(cvae.decode(z, { labels: y })),
      );
      const rec = loaded.reconstruct(x, { labels: y });
      expect(await values(rec)).toEqual(await values(cvae.reconstruct(x, { labels: y })));
      loaded.dispose();
    }
    expect(await store.readConfig()).toMatchObject({ family: 'cvae', config: { numClasses: 2 } });
  });

  it('refuses a directory of another family, naming both', async () => {
    const plain = new VAE({ inputShape: shape, latentDim: 2, hidden: [8] });
    await plain.save(join(dir, 'vae'));
    const load = ConditionalVAE.load(join(dir, 'vae'));
    await expect(load).rejects.toBeInstanceOf(ModelError);
    await expect(ConditionalVAE.load(join(dir, 'vae'))).rejects.toMatchObject({
      code: 'MODEL_UNKNOWN_FAMILY',
      message: expect.stringMatching(/family is "vae", not "cvae"/),
    });
    plain.dispose();
  });
});
