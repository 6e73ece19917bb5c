import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { denseEncoder } from './dense-encoder.js';
import { NetworkError } from './network-error.js';

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

  it('names the field, the value and what is accepted on bad arguments', () => {
    const bad = (args: object, pattern: RegExp) => {
      const call = () =>
        denseEncoder({ inputShape: [4], hidden: [3], latentDim: 2, ...args } as never);
      expect(call).toThrow(NetworkError);
      expect(call).toThrow(pattern);
    };
    bad({ latentDim: 0 }, /latentDim must be a positive integer, got 0/);
    bad({ hidden: [3, -1] }, /hidden\[1\] must be a positive integer, got -1/);
    bad({ hidden: 5 }, /hidden must be an array of layer widths/);
    bad({ head: 'bernoulli' }, /head must be 'gaussian' or 'deterministic', got "bernoulli"/);
    bad({ activation: 'swoosh' }, /activation must be one of relu.*got "swoosh"/);
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
});
