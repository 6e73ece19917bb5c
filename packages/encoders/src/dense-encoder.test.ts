import '@tensorflow/tfjs-backend-cpu';
import { NetworkError } from '@ae/layers';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { denseEncoder } from './dense-encoder.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** y = act(x W + b) in float64, from the layer's weights. */
function denseRef(
  x: number[][],
  w: number[][],
  b: number[],
  act: (v: number) => number,
): number[][] {
  return x.map((row) =>
    b.map((bj, j) => act(row.reduce((s, xi, i) => s + xi * (w[i]?.[j] ?? Number.NaN), bj))),
  );
}

describe('denseEncoder', () => {
  it('computes relu(x W1 + b1) then the two Gaussian heads, as a float64 re-computation does', async () => {
    const enc = denseEncoder({ inputShape: [2, 3, 1], hidden: [5], latentDim: 2, seed: 3 });
    const x = tf.randomUniform([4, 2, 3, 1], 0, 1, 'float32', 11);
    const [mean, logVar] = enc.predict(x) as tf.Tensor[];
    expect(mean?.shape).toEqual([4, 2]);
    expect(logVar?.shape).toEqual([4, 2]);

    const xs = (await tf.reshape(x, [4, 6]).array()) as number[][];
    const get = async (name: string) => {
      const [k, b] = enc.getLayer(name).getWeights();
      return [(await k?.array()) as number[][], (await b?.array()) as number[]] as const;
    };
    const [w1, b1] = await get('dense_0');
    const [wm, bm] = await get('z_mean');
    const [wv, bv] = await get('z_log_var');
    const h = denseRef(xs, w1, b1, (v) => Math.max(0, v));
    const meanRef = denseRef(h, wm, bm, (v) => v);
    const logVarRef = denseRef(h, wv, bv, (v) => v);
    const got = [(await mean?.array()) as number[][], (await logVar?.array()) as number[][]];
    for (const [g, r] of [
      [got[0], meanRef],
      [got[1], logVarRef],
    ] as const) {
      g?.forEach((row, i) => {
        row.forEach((v, j) => {
          expect(v).toBeCloseTo(r[i]?.[j] ?? Number.NaN, 5);
        });
      });
    }
    tf.dispose([x, mean as tf.Tensor, logVar as tf.Tensor]);
    enc.dispose();
  });

  it('starts with a log-variance near zero so exp(logVar) ≈ 1', async () => {
    const enc = denseEncoder({ inputShape: [784], hidden: [64], latentDim: 8, seed: 1 });
    const x = tf.randomUniform([16, 784], 0, 1, 'float32', 2);
    const [, logVar] = enc.predict(x) as tf.Tensor[];
    const maxAbs = (await tf.max(tf.abs(logVar as tf.Tensor)).data())[0] as number;
    expect(maxAbs).toBeLessThan(0.1);
    enc.dispose();
  });

  it('gives one code output with the deterministic head', () => {
    const enc = denseEncoder({ inputShape: [10], hidden: [], latentDim: 3, head: 'deterministic' });
    expect(enc.outputs.map((o) => o.shape)).toEqual([[null, 3]]);
    enc.dispose();
  });

  it('is reproducible with a seed and differs across seeds', async () => {
    const weights = async (seed: number) => {
      const enc = denseEncoder({ inputShape: [6], hidden: [4], latentDim: 2, seed });
      const w = await enc.getLayer('dense_0').getWeights()[0]?.data();
      enc.dispose();
      return Array.from(w ?? []);
    };
    expect(await weights(5)).toEqual(await weights(5));
    expect(await weights(5)).not.toEqual(await weights(6));
  });

  it('adds batch normalization (inference: x / √(1 + ε) at init) and drops the dense bias', async () => {
    const enc = denseEncoder({
      inputShape: [3],
      hidden: [4],
      latentDim: 2,
      head: 'deterministic',
      batchNorm: true,
      seed: 2,
    });
    expect(enc.getLayer('dense_0').getWeights().length).toBe(1);
    // dense 3·4 (no bias) + BN 4·4 (2 trainable) + code 4·2 + 2
    expect(enc.countParams()).toBe(12 + 16 + 10);
    const x = tf.tensor2d([
      [0.5, -1, 2],
      [1, 0.25, -0.5],
    ]);
    const code = (await (enc.predict(x) as tf.Tensor).array()) as number[][];
    const [w1] = enc.getLayer('dense_0').getWeights();
    const [wc, bc] = enc.getLayer('code').getWeights();
    const scale = 1 / Math.sqrt(1 + 1e-3); // moving mean 0, variance 1, ε = 0.001
    const h = denseRef(
      (await x.array()) as number[][],
      (await w1?.array()) as number[][],
      [0, 0, 0, 0],
      (v) => Math.max(0, v * scale),
    );
    const ref = denseRef(
      h,
      (await wc?.array()) as number[][],
      (await bc?.array()) as number[],
      (v) => v,
    );
    code.forEach((row, i) => {
      row.forEach((v, j) => {
        expect(v).toBeCloseTo(ref[i]?.[j] ?? Number.NaN, 5);
      });
    });
    x.dispose();
    enc.dispose();
  });

  it('applies seeded dropout in training only, with new masks each step', async () => {
    const args = { inputShape: [8], hidden: [64], latentDim: 2, seed: 3 };
    const plain = denseEncoder(args);
    const drop = denseEncoder({ ...args, dropout: 0.5 });
    const x = tf.randomUniform([4, 8], 0, 1, 'float32', 5);
    const run = async (m: tfl.LayersModel, training: boolean) => {
      const out = m.apply(x, { training }) as tf.Tensor[];
      const v = Array.from(await (out[0] as tf.Tensor).data());
      tf.dispose(out);
      return v;
    };
    // Dropout changes neither the initial weights nor inference.
    expect(await run(drop, false)).toEqual(await run(plain, false));
    const t1 = await run(drop, true);
    const t2 = await run(drop, true);
    expect(t1).not.toEqual(await run(plain, false));
    expect(t2).not.toEqual(t1);
    // A rebuilt network replays the same masks.
    const again = denseEncoder({ ...args, dropout: 0.5 });
    expect(await run(again, true)).toEqual(t1);
    tf.dispose(x);
    for (const m of [plain, drop, again]) m.dispose();
  });

  it('takes [x, label] when conditional: relu([x, label] W1 + b1), then the heads', async () => {
    const enc = denseEncoder({
      inputShape: [2, 2],
      hidden: [3],
      latentDim: 2,
      numClasses: 3,
      seed: 1,
    });
    expect(enc.inputLayers.map((l) => l.name)).toEqual(['x', 'label']);
    const x = tf.randomUniform([2, 2, 2], 0, 1, 'float32', 6);
    const label = tf.tensor2d([
      [0, 1, 0],
      [0, 0, 1],
    ]);
    const [mean] = enc.predict([x, label]) as tf.Tensor[];
    const xs = (await tf.reshape(x, [2, 4]).array()) as number[][];
    const ls = (await label.array()) as number[][];
    const [w1, b1] = enc.getLayer('dense_0').getWeights();
    const [wm, bm] = enc.getLayer('z_mean').getWeights();
    expect(w1?.shape).toEqual([7, 3]);
    const input = xs.map((row, i) => [...row, ...(ls[i] ?? [])]);
    const h = denseRef(
      input,
      (await w1?.array()) as number[][],
      (await b1?.array()) as number[],
      (v) => Math.max(0, v),
    );
    const ref = denseRef(
      h,
      (await wm?.array()) as number[][],
      (await bm?.array()) as number[],
      (v) => v,
    );
    const got = (await mean?.array()) as number[][];
    got.forEach((row, i) => {
      row.forEach((v, j) => {
        expect(v).toBeCloseTo(ref[i]?.[j] ?? Number.NaN, 5);
      });
    });
    tf.dispose([x, label, mean as tf.Tensor]);
    enc.dispose();
  });

  it('applies codeActivation to the deterministic code', async () => {
    const enc = denseEncoder({
      inputShape: [6],
      hidden: [],
      latentDim: 16,
      head: 'deterministic',
      codeActivation: 'relu',
    });
    expect(enc.getLayer('code').getConfig().activation).toBe('relu');
    const code = enc.predict(tf.randomNormal([4, 6], 0, 1, 'float32', 1)) as tf.Tensor;
    const values = Array.from(await code.data());
    expect(Math.min(...values)).toBe(0);
    expect(Math.max(...values)).toBeGreaterThan(0);
    code.dispose();
    enc.dispose();
  });

  it('names the field, the value and what is accepted on bad arguments', () => {
    const bad = (args: object, pattern: RegExp) => {
      const call = () =>
        denseEncoder({ inputShape: [4], hidden: [3], latentDim: 2, ...args } as never);
      expect(call).toThrow(NetworkError);
      expect(call).toThrow(pattern);
    };
    bad({ latentDim: 0 }, /latentDim must be an integer ≥ 1, got 0/);
    bad({ hidden: [3, -1] }, /hidden\[1\] must be an integer ≥ 1, got -1/);
    bad({ hidden: 5 }, /hidden must be an array of layer widths/);
    bad({ head: 'bernoulli' }, /head must be 'gaussian' or 'deterministic', got "bernoulli"/);
    bad({ activation: 'swoosh' }, /activation must be one of 'relu'.*got "swoosh"/);
    bad({ dropout: -0.1 }, /dropout must be a number in \[0, 1\) such as 0.2, got -0.1/);
    bad({ dropout: 1 }, /dropout must be a number in \[0, 1\)/);
    bad({ numClasses: 0 }, /numClasses must be an integer ≥ 1, got 0/);
    bad({ codeActivation: 'softmax' }, /codeActivation must be one of 'relu'.*got "softmax"/);
  });
});

describe('denseEncoder memory', () => {
  it('does not grow the tensor count over repeated forward passes', () => {
    const enc = denseEncoder({ inputShape: [4, 4, 1], hidden: [8], latentDim: 2, seed: 1 });
    const x = tf.randomUniform([3, 4, 4, 1]);
    tf.dispose(enc.predict(x) as tf.Tensor[]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      tf.dispose(enc.predict(x) as tf.Tensor[]);
      tf.dispose(tf.tidy(() => enc.apply(x, { training: true }) as tf.Tensor[]));
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    enc.dispose();
  });

  it('does not grow it with batch norm, dropout and a label either', () => {
    const enc = denseEncoder({
      inputShape: [4, 4, 1],
      hidden: [8, 8],
      latentDim: 2,
      batchNorm: true,
      dropout: 0.3,
      numClasses: 2,
      seed: 1,
    });
    const x = [
      tf.randomUniform([3, 4, 4, 1]),
      tf.tensor2d([
        [1, 0],
        [0, 1],
        [1, 0],
      ]),
    ];
    tf.dispose(enc.predict(x) as tf.Tensor[]);
    tf.dispose(tf.tidy(() => enc.apply(x, { training: true }) as tf.Tensor[]));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 30; i++) {
      tf.dispose(enc.predict(x) as tf.Tensor[]);
      tf.dispose(tf.tidy(() => enc.apply(x, { training: true }) as tf.Tensor[]));
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x);
    enc.dispose();
  });
});
