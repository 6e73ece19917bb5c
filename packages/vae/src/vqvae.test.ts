import { canSample } from '@ae/core';
import '@tensorflow/tfjs-backend-cpu';
import { hasCodebook } from '@ae/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelError } from './model-error.js';
import { VQVAE } from './vqvae.js';
import type { VQVAEOptions } from './vqvae-config.js';

/** `model.sample`, which exists only while a prior is fitted. */
function sampler(model: VQVAE): NonNullable<VQVAE['sample']> {
  const sample = model.sample;
  if (!canSample(model) || sample === undefined) throw new Error('the model has no sample()');
  return sample;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const shape = [8, 8, 1];
const K = 8;
// One stride-2 conv: 8×8 → a 4×4 map of 3-dim codes.
const make = (options: Partial<VQVAEOptions> = {}) =>
  new VQVAE({ inputShape: shape, filters: [4], codeDim: 3, numCodes: K, seed: 3, ...options });
const batchOf = (n: number, seed: number) => tf.randomUniform([n, ...shape], 0, 1, 'float32', seed);
const num = async (t: tf.Tensor | undefined) => (await (t as tf.Tensor).data())[0] as number;
const flat = async (t: tf.Tensor) => Array.from(await t.data());

/** k-means initialization on a first training batch, so the codes are spread over the encoder outputs. */
function initialized(options: Partial<VQVAEOptions> = {}) {
  const model = make({ init: 'kmeans', ...options });
  const x = batchOf(6, 1);
  tf.dispose(model.lossTerms({ x }, { training: true }));
  return { model, x };
}

describe('VQVAE as a CodebookModel', () => {
  it('exposes its codebook size as numCodes, so hasCodebook recognizes it', async () => {
    const model = make({ numCodes: 5 });
    expect(model.numCodes).toBe(5);
    expect(hasCodebook(model)).toBe(true);
    const indices = model.codeIndices(batchOf(2, 4));
    const values = await flat(indices);
    expect(values.every((k) => Number.isInteger(k) && k >= 0 && k < model.numCodes)).toBe(true);
    indices.dispose();
    model.dispose();
  });
});

describe('VQVAE.lossTerms', () => {
  for (const likelihood of ['bernoulli', 'gaussian'] as const) {
    it(`equals a float64 re-computation from the raw networks (${likelihood})`, async () => {
      const { model, x } = initialized({ likelihood, commitmentWeight: 0.4 });
      const terms = model.lossTerms({ x }, { training: false });
      const ze = (await (model.encoder.predict(x) as tf.Tensor).data()) as Float32Array; // [6, 4, 4, 3]
      const codebook = (await model.quantizer.quantizer().codebook.array()) as number[][];
      const q: number[] = [];
      const counts = new Array(K).fill(0);
      let sq = 0;
      for (let v = 0; v < ze.length / 3; v++) {
        const z = [0, 1, 2].map((d) => ze[v * 3 + d] as number);
        const dist = codebook.map((c) =>
          c.reduce((s, ck, d) => s + (ck - (z[d] as number)) ** 2, 0),
        );
        const k = dist.indexOf(Math.min(...dist));
        counts[k]++;
        sq += dist[k] as number;
        q.push(...(codebook[k] as number[]));
      }
      const out = await flat(model.decoder.predict(tf.tensor4d(q, [6, 4, 4, 3])) as tf.Tensor);
      const xs = await flat(x);
      let rec = 0;
      for (let i = 0; i < xs.length; i++) {
        const t = xs[i] as number;
        const o = out[i] as number;
        rec +=
          likelihood === 'gaussian'
            ? 0.5 * (t - o) ** 2
            : Math.max(o, 0) - o * t + Math.log1p(Math.exp(-Math.abs(o)));
      }
      rec /= 6;
      const entropy = counts.reduce((h, c) => (c > 0 ? h - (c / 96) * Math.log(c / 96) : h), 0);
      expect(await num(terms.reconstruction)).toBeCloseTo(rec, 3);
      expect(await num(terms.codebook)).toBeCloseTo(sq / 6, 4);
      expect(await num(terms.commitment)).toBeCloseTo((0.4 * sq) / 6, 4);
      expect(await num(terms.total)).toBeCloseTo(rec + 1.4 * (sq / 6), 3);
      expect(await num(terms.perplexity)).toBeCloseTo(Math.exp(entropy), 4);
      expect(await num(terms.usage)).toBeCloseTo(counts.filter((c) => c > 0).length / K, 6);
      tf.dispose([terms, x]);
      model.dispose();
    });
  }

  it('passes the reconstruction gradient straight through the quantizer to the encoder', async () => {
    const { model, x } = initialized();
    const encoderVars = model.encoder.trainableWeights.map((w) => w.read() as tf.Variable);
    const got = tf.variableGrads(
      () => model.lossTerms({ x }, { training: false }).reconstruction as tf.Scalar,
      encoderVars,
    ).grads;
    // Reference: dL/dq at the quantized codes, pulled back through the encoder (vector-Jacobian product).
    const q = tf.reshape(model.encode(x), [6, 4, 4, 3]);
    const rec = (code: tf.Tensor) =>
      tf.div(
        tf.sum(
          tf.sub(
            tf.softplus(model.decoder.apply(code) as tf.Tensor),
            tf.mul(x, model.decoder.apply(code) as tf.Tensor),
          ),
        ),
        6,
      );
    const dq = tf.grad(rec)(q);
    const want = tf.variableGrads(
      () => tf.sum(tf.mul(model.encoder.apply(x) as tf.Tensor, dq)),
      encoderVars,
    ).grads;
    for (const v of encoderVars) {
      const g = await flat(got[v.name] as tf.Tensor);
      const w = await flat(want[v.name] as tf.Tensor);
      expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(1e-4);
      for (const [i, gi] of g.entries()) expect(gi).toBeCloseTo(w[i] as number, 4);
    }
    expect(model.trainableVariables).toContain(model.quantizer.quantizer().codebook);
    const ema = make({ ema: true });
    expect(ema.trainableVariables).not.toContain(ema.quantizer.quantizer().codebook);
    tf.dispose([got, want, q, dq, x]);
    model.dispose();
    ema.dispose();
  });
});

describe('VQVAE codes', () => {
  it('encodes to codebook rows, decodes indices like reconstruct, and accepts both code shapes', async () => {
    const { model, x } = initialized();
    const indices = model.codeIndices(x);
    expect(indices.shape).toEqual([6, 4, 4]);
    expect(indices.dtype).toBe('int32');
    const z = model.encode(x);
    expect(z.shape).toEqual([6, 48]);
    expect(model.latentDim).toBe(48);
    const rows = tf.gather(model.quantizer.quantizer().codebook, tf.reshape(indices, [-1]));
    expect(await flat(z)).toEqual(await flat(rows));
    const rec = await flat(model.reconstruct(x));
    expect(await flat(model.decodeIndices(indices))).toEqual(rec);
    expect(await flat(model.decode(tf.reshape(z, [6, 4, 4, 3])))).toEqual(rec);
    expect(() => model.decode(tf.zeros([2, 47]))).toThrow(
      /VQVAE.decode: codes must have shape \[batch, 48\] or \[batch, 4, 4, 3\], got \[2, 47\]/,
    );
    expect(() => model.decodeIndices(tf.zeros([2, 4, 4]))).toThrow(
      /decodeIndices: indices must be int32 \[batch, 4, 4\], got float32 \[2, 4, 4\]/,
    );
    const path = model.interpolate(tf.slice(x, 0, 1), tf.slice(x, 1, 1), 4);
    const ends = await flat(path);
    expect(ends.slice(0, 64)).toEqual(rec.slice(0, 64));
    expect(ends.slice(192)).toEqual(rec.slice(64, 128));
    model.dispose();
  });

  it('has one code per example with the dense architecture', async () => {
    const model = new VQVAE({
      inputShape: [6],
      architecture: 'dense',
      hidden: [8],
      codeDim: 2,
      numCodes: 4,
    });
    const x = tf.randomUniform([5, 6], 0, 1, 'float32', 2);
    expect(model.codeIndices(x).shape).toEqual([5]);
    expect(model.encode(x).shape).toEqual([5, 2]);
    const prior = await model.fitPrior(x);
    expect(prior.positions).toBe(1);
    expect(sampler(model)(3, { seed: 1 }).shape).toEqual([3, 6]);
    model.dispose();
  });
});

describe('VQVAE prior and sampling', () => {
  it('fits per-position probabilities equal to hand-counted code frequencies, also from batches', async () => {
    const { model, x } = initialized();
    const codes = await flat(model.codeIndices(x)); // 6 examples × 16 positions
    const prior = await model.fitPrior(x, { smoothing: 0.5 });
    for (let p = 0; p < 16; p++) {
      for (let k = 0; k < K; k++) {
        let n = 0;
        for (let i = 0; i < 6; i++) if (codes[i * 16 + p] === k) n++;
        expect(prior.probability(p, k)).toBeCloseTo((n + 0.5) / (6 + K * 0.5), 12);
      }
    }
    async function* halves() {
      yield { x: tf.slice(x, 0, 3) };
      yield tf.slice(x, 3, 3);
    }
    const fromBatches = await model.fitPrior(halves(), { smoothing: 0.5 });
    expect(fromBatches.toJSON()).toEqual(prior.toJSON());
    expect(model.prior).toBe(fromBatches);
    model.dispose();
  });

  it('decodes codes drawn from the prior, reproducibly for a seed', async () => {
    const { model, x } = initialized();
    expect(model.sample).toBeUndefined();
    expect(canSample(model)).toBe(false);
    await model.fitPrior(x);
    const a = sampler(model)(5, { seed: 9 });
    expect(a.shape).toEqual([5, ...shape]);
    expect(await flat(a)).toEqual(await flat(sampler(model)(5, { seed: 9 })));
    const drawn = tf.reshape((model.prior as NonNullable<VQVAE['prior']>).sample(5, 9), [5, 4, 4]);
    expect(await flat(a)).toEqual(await flat(model.decodeIndices(drawn)));
    const values = await flat(a);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(() => sampler(model)(2, { label: 1 })).toThrow(
      /VQVAE.sample: label 1 given, but a VQVAE is not conditional/,
    );
    expect(() => sampler(model)(0)).toThrow(/n must be a positive integer, got 0/);
    model.dispose();
  });
});

describe('VQVAE memory', () => {
  for (const options of [{}, { ema: { decay: 0.9 }, deadCodeThreshold: 0.5 }]) {
    it(`leaks no tensor over training steps ${JSON.stringify(options)} and inference calls`, async () => {
      const { model, x } = initialized(options);
      await model.fitPrior(x);
      const optimizer = tf.train.adam(1e-3);
      const step = () =>
        optimizer.minimize(
          () => model.lossTerms({ x }, { training: true }).total,
          false,
          model.trainableVariables,
        );
      step();
      const one = tf.slice(x, 0, 1);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) {
        step();
        tf.dispose(model.lossTerms({ x }, { training: false }));
        const indices = model.codeIndices(x);
        tf.dispose([indices, model.decodeIndices(indices), model.encode(x), model.reconstruct(x)]);
        tf.dispose([sampler(model)(3), model.interpolate(one, one, 3)]);
      }
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([one, x]);
      optimizer.dispose();
      model.dispose();
    });
  }
});

describe('VQVAE networks and inputs', () => {
  it('takes user networks and names expected vs actual shapes of wrong ones', () => {
    const input = tfl.input({ shape: [6] });
    const encoder = tfl.model({
      inputs: input,
      outputs: tfl.layers.dense({ units: 2 }).apply(input) as tfl.SymbolicTensor,
    });
    const z = tfl.input({ shape: [2] });
    const decoder = tfl.model({
      inputs: z,
      outputs: tfl.layers.dense({ units: 6 }).apply(z) as tfl.SymbolicTensor,
    });
    const model = new VQVAE({ inputShape: [6], codeDim: 2, numCodes: 4 }, { encoder, decoder });
    expect(model.codeShape).toEqual([2]);
    const bad = () => new VQVAE({ inputShape: [6], codeDim: 3, numCodes: 4 }, { encoder, decoder });
    expect(bad).toThrow(ModelError);
    expect(bad).toThrow(
      /the encoder must output one tensor \[null, h, w, 3\] or \[null, 3\] \(codeDim 3\), got \[\[null,2\]\]/,
    );
    const wrongInput = () =>
      new VQVAE({ inputShape: [7], codeDim: 2, numCodes: 4 }, { encoder, decoder });
    expect(wrongInput).toThrow(
      /VQVAE: the encoder must take 1 input of shape \[\[null, 7\]\], got \[\[null, 6\]\]/,
    );
    model.dispose();
  });

  it('builds a preset pair, with one code vector per 1×1 map for bottleneck-conv-ae', () => {
    const model = new VQVAE({
      inputShape: [28, 28, 1],
      preset: 'bottleneck-conv-ae',
      numCodes: 4,
    });
    expect(model.codeShape).toEqual([1, 1, 64]);
    expect(model.indexShape).toEqual([1, 1]);
    const x = tf.zeros([2, 28, 28, 1]);
    const indices = model.codeIndices(x);
    expect(indices.shape).toEqual([2, 1, 1]);
    tf.dispose([x, indices]);
    model.dispose();
  });

  it('rejects inputs of the wrong shape, naming both shapes', () => {
    const model = make();
    const x = tf.zeros([2, 28, 28, 1]);
    expect(() => model.encode(x)).toThrow(
      /VQVAE.encode: input must have shape \[batch, 8, 8, 1\], got \[2, 28, 28, 1\]/,
    );
    expect(() => model.lossTerms({ x: batchOf(2, 1), input: x }, { training: true })).toThrow(
      /lossTerms \(batch.input\): input must have shape/,
    );
    x.dispose();
    model.dispose();
  });
});
