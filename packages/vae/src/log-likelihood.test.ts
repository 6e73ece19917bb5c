import '@tensorflow/tfjs-backend-cpu';
import { createRng } from '@ae/backend';
import { toTensor } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { VAE } from './vae.js';

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

const LOG_2PI = Math.log(2 * Math.PI);
const arr = async (t: tf.Tensor) => Array.from(await t.data());
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const stdErr = (a: number[]) => {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1) / a.length);
};

/*
 * A linear Gaussian model, x dim 3, z dim 2: z ~ N(0, I), x | z ~ N(W z + b, σ² I), so
 * p(x) = N(x; b, W Wᵀ + σ² I). W has orthogonal columns, so M = WᵀW + σ² I is diagonal
 * and the exact posterior N(M⁻¹Wᵀ(x − b), σ² M⁻¹) is a diagonal Gaussian an encoder
 * with [mean, logVar] outputs can represent exactly.
 */
const W = [
  [1, 0.5],
  [1, -0.5],
  [0, 0.5],
]; // [3, 2]; column norms² 2 and 0.75, columns orthogonal
const B = [0.2, -0.1, 0.4];
const S2 = 0.5; // σ²
const Mdiag = [2 + S2, 0.75 + S2];

/** log N(x; b, W Wᵀ + σ² I) in float64 via a Cholesky factor. */
function exactLogPx(x: number[]): number {
  const C = [0, 1, 2].map((i) =>
    [0, 1, 2].map(
      (j) => at(W, i, 0) * at(W, j, 0) + at(W, i, 1) * at(W, j, 1) + (i === j ? S2 : 0),
    ),
  );
  const L = [0, 1, 2].map(() => [0, 0, 0]);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j <= i; j++) {
      let s = at(C, i, j);
      for (let k = 0; k < j; k++) s -= at(L, i, k) * at(L, j, k);
      el(L, i)[j] = i === j ? Math.sqrt(s) : s / at(L, j, j);
    }
  }
  const r = x.map((v, i) => v - el(B, i));
  const y: number[] = []; // L y = r
  for (let i = 0; i < 3; i++) {
    let s = el(r, i);
    for (let k = 0; k < i; k++) s -= at(L, i, k) * el(y, k);
    y.push(s / at(L, i, i));
  }
  const logDet = 2 * L.reduce((s, row, i) => s + Math.log(el(row, i)), 0);
  return -0.5 * (3 * LOG_2PI + logDet + y.reduce((s, v) => s + v * v, 0));
}

/** An encoder mean = x·K + c, logVar = v (constant), as [mean, logVar] dense layers. */
interface Encoding {
  kernel: number[][]; // [3, 2]
  bias: number[];
  logVar: number[];
}
const EXACT: Encoding = {
  kernel: W.map((row) => row.map((w, j) => w / el(Mdiag, j))), // W M⁻¹
  bias: [0, 1].map((j) => -B.reduce((s, b, i) => s + b * at(W, i, j), 0) / el(Mdiag, j)),
  logVar: Mdiag.map((m) => Math.log(S2 / m)),
};
const WRONG: Encoding = {
  kernel: EXACT.kernel.map((row) => row.map((k) => 0.6 * k)),
  bias: [0.3, -0.4],
  logVar: [0, 0], // variance 1, wider than the posterior's
};

function linearVAE(enc: Encoding): VAE {
  const x = tfl.input({ shape: [3] });
  const meanLayer = tfl.layers.dense({ units: 2, name: 'z_mean' });
  const logVarLayer = tfl.layers.dense({ units: 2, name: 'z_log_var' });
  const encoder = tfl.model({
    inputs: x,
    outputs: [meanLayer.apply(x), logVarLayer.apply(x)] as tfl.SymbolicTensor[],
  });
  meanLayer.setWeights([tf.tensor2d(enc.kernel), tf.tensor1d(enc.bias)]);
  logVarLayer.setWeights([tf.zeros([3, 2]), tf.tensor1d(enc.logVar)]);
  const z = tfl.input({ shape: [2] });
  const out = tfl.layers.dense({ units: 3, name: 'x_mean' });
  const decoder = tfl.model({ inputs: z, outputs: out.apply(z) as tfl.SymbolicTensor });
  out.setWeights([tf.tensor2d([0, 1].map((j) => W.map((row) => el(row, j)))), tf.tensor1d(B)]);
  return new VAE(
    { inputShape: [3], latentDim: 2, likelihood: 'gaussian', outputVariance: S2 },
    { encoder, decoder },
  );
}

/** The ELBO of q = N(x·K + c, diag(e^v)) in closed form (float64). */
function exactElbo(enc: Encoding, x: number[]): number {
  const m = [0, 1].map(
    (j) => el(enc.bias, j) + x.reduce((s, v, i) => s + v * at(enc.kernel, i, j), 0),
  );
  const s2 = enc.logVar.map(Math.exp);
  const resid = [0, 1, 2].map(
    (i) => el(x, i) - el(B, i) - at(W, i, 0) * el(m, 0) - at(W, i, 1) * el(m, 1),
  );
  const trace = [0, 1].reduce(
    (s, j) => s + el(s2, j) * W.reduce((a, row) => a + el(row, j) ** 2, 0),
    0,
  );
  const expectedLogLik =
    -1.5 * Math.log(2 * Math.PI * S2) - (resid.reduce((s, r) => s + r * r, 0) + trace) / (2 * S2);
  const kl = [0, 1].reduce(
    (s, j) => s + 0.5 * (el(s2, j) + el(m, j) ** 2 - 1 - el(enc.logVar, j)),
    0,
  );
  return expectedLogLik - kl;
}

const POINTS = [
  [0.2, -0.1, 0.4],
  [1.5, 0.3, -0.7],
  [-2, 1, 0.5],
  [0.9, 2.1, 1.3],
];

describe('VAE.logLikelihood on a linear Gaussian model with p(x) in closed form', () => {
  it('equals log N(x; b, WWᵀ + σ²I) for every K when q is the exact posterior', async () => {
    const vae = linearVAE(EXACT);
    const x = tf.tensor2d(POINTS);
    const want = POINTS.map(exactLogPx);
    for (const samples of [1, 7, 100]) {
      const got = await arr(vae.logLikelihood(x, { samples, seed: samples, batchSize: 10 }));
      got.forEach((g, i) => {
        expect(g).toBeCloseTo(el(want, i), 4);
      });
    }
    vae.dispose();
  });

  it('with a wrong q: K = 1 averages to the ELBO, K = 10 and 1000 rise towards log p(x), none above it', async () => {
    const vae = linearVAE(WRONG);
    const point = el(POINTS, 1);
    const copies = 200; // every row gets its own draws: 200 independent estimates
    const x = tf.tensor2d(Array.from({ length: copies }, () => point));
    const logPx = exactLogPx(point);
    const elbo = exactElbo(WRONG, point);
    expect(elbo).toBeLessThan(logPx - 0.5); // q is far enough off for the test to mean something
    const est = new Map<number, number[]>();
    for (const samples of [1, 10, 1000]) {
      est.set(samples, await arr(vae.logLikelihood(x, { samples, seed: 11, batchSize: 50_000 })));
    }
    const [k1, k10, k1000] = [1, 10, 1000].map((k) => est.get(k) ?? []) as [
      number[],
      number[],
      number[],
    ];
    expect(Math.abs(mean(k1) - elbo)).toBeLessThan(4 * stdErr(k1));
    expect(mean(k10)).toBeGreaterThan(mean(k1) + 4 * stdErr(k1));
    expect(mean(k1000)).toBeGreaterThan(mean(k10));
    expect(mean(k1000)).toBeLessThan(logPx + 3 * stdErr(k1000));
    expect(Math.abs(logPx - mean(k1000))).toBeLessThan(0.02);
    for (const v of k1000) expect(v).toBeLessThan(logPx + 0.1);
    // The model's own ELBO (1 draw per row) averages to the closed form and stays below log p(x).
    const modelElbo = await arr(vae.elbo(x, { seed: 5 }));
    expect(Math.abs(mean(modelElbo) - elbo)).toBeLessThan(4 * stdErr(modelElbo));
    const many = await arr(vae.elbo(tf.tensor2d([point]), { samples: 4000, seed: 6 }));
    expect(many[0]).toBeCloseTo(elbo, 1);
    expect(many[0]).toBeLessThan(logPx);
    vae.dispose();
  });

  it('does not depend on batchSize (the chunking of the K samples)', async () => {
    const vae = linearVAE(WRONG);
    const x = tf.tensor2d(POINTS);
    const whole = await arr(vae.logLikelihood(x, { samples: 9, seed: 2, batchSize: 1000 }));
    const chunked = await arr(vae.logLikelihood(x, { samples: 9, seed: 2, batchSize: 9 })); // 2+2+2+2+1
    chunked.forEach((v, i) => {
      expect(v).toBeCloseTo(el(whole, i), 5);
    });
    vae.dispose();
  });
});

describe('VAE.logLikelihood with a Bernoulli likelihood', () => {
  it('equals a float64 log-mean-exp of log p(x|z_k) + log p(z_k) − log q(z_k|x) with the same draws', async () => {
    const vae = new VAE({ inputShape: [2, 2, 1], latentDim: 2, hidden: [5], seed: 4 });
    const x = tf.randomUniform([3, 2, 2, 1], 0, 1, 'float32', 1);
    const [K, seed] = [4, 21];
    const got = await arr(vae.logLikelihood(x, { samples: K, seed }));
    // Replay: sample k uses the k-th seed of createRng(seed) for its noise [batch, latentDim].
    const rng = createRng(seed);
    const { mean: m, logVar: lv } = vae.posteriorOf(x);
    const mu = (await m.array()) as number[][];
    const logVar = (await lv.array()) as number[][];
    const xs = (await tf.reshape(x, [3, 4]).array()) as number[][];
    const weights: number[][] = [[], [], []];
    for (let k = 0; k < K; k++) {
      const eps = (await tf
        .randomNormal([3, 2], 0, 1, 'float32', rng.seed())
        .array()) as number[][];
      const z = mu.map((row, i) =>
        row.map((v, j) => v + Math.exp(0.5 * at(logVar, i, j)) * at(eps, i, j)),
      );
      const logits = (await tf
        .reshape(vae.decoder.predict(tf.tensor2d(z)) as tf.Tensor, [3, 4])
        .array()) as number[][];
      for (let i = 0; i < 3; i++) {
        let w = 0;
        el(xs, i).forEach((t, j) => {
          const p = 1 / (1 + Math.exp(-at(logits, i, j)));
          w += t * Math.log(p) + (1 - t) * Math.log(1 - p);
        });
        for (let j = 0; j < 2; j++) {
          const zz = at(z, i, j);
          const q =
            -0.5 *
            (LOG_2PI + at(logVar, i, j) + (zz - at(mu, i, j)) ** 2 / Math.exp(at(logVar, i, j)));
          w += -0.5 * (LOG_2PI + zz * zz) - q;
        }
        el(weights, i).push(w);
      }
    }
    weights.forEach((ws, i) => {
      const top = Math.max(...ws);
      const lme = top + Math.log(mean(ws.map((w) => Math.exp(w - top))));
      expect(got[i]).toBeCloseTo(lme, 3);
    });
    vae.dispose();
  });

  it('bounds memory by batchSize, not by K (MNIST digits, dense decoder)', async () => {
    const x = toTensor(await loadMnist({ split: 'test', limit: 50 }));
    const vae = new VAE({ inputShape: [28, 28, 1], latentDim: 2, hidden: [8], seed: 1 });
    const peak = async (samples: number, batchSize: number) => {
      let result: tf.Tensor | undefined;
      const info = await tf.profile(() => {
        result = vae.logLikelihood(x, { samples, seed: 1, batchSize });
        return result;
      });
      const values = await arr(result as tf.Tensor);
      tf.dispose(result);
      return { bytes: info.peakBytes, values };
    };
    // 500 decoder rows per chunk: 1 chunk for K = 10, 3 for K = 30; then 100 rows per chunk.
    const [small, large, narrow] = [await peak(10, 500), await peak(30, 500), await peak(10, 100)];
    // Tripling K adds only the extra log-weights (20 · 50 floats, twice), not decoder rows.
    expect(large.bytes - small.bytes).toBeLessThan(20_000);
    expect(narrow.bytes).toBeLessThan(small.bytes / 3);
    // log p(x) ≥ the ELBO on average; a larger K does not lower the estimate.
    const elbo = await arr(vae.elbo(x, { seed: 2 }));
    expect(mean(large.values)).toBeGreaterThan(mean(elbo));
    expect(mean(large.values)).toBeGreaterThan(mean(small.values) - 0.5);
    for (const v of large.values) expect(Number.isFinite(v)).toBe(true);
    vae.dispose();
    x.dispose();
  });

  it('leaves no tensors behind', () => {
    const vae = new VAE({ inputShape: [2, 2, 1], latentDim: 2, hidden: [5] });
    const x = tf.randomUniform([3, 2, 2, 1], 0, 1, 'float32', 1);
    tf.dispose(vae.logLikelihood(x, { samples: 3 }));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) {
      tf.dispose([vae.logLikelihood(x, { samples: 7, batchSize: 6 }), vae.elbo(x, { samples: 2 })]);
    }
    expect(tf.memory().numTensors).toBe(before);
    vae.dispose();
    x.dispose();
  });
});
