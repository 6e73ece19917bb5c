import '@tensorflow/tfjs-backend-cpu';
import { NetworkError } from '@ae/layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { denseDecoder } from './dense-decoder.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('denseDecoder', () => {
  it('computes sigmoid(relu(z W1 + b1) W2 + b2) reshaped, as a float64 re-computation does', async () => {
    const dec = denseDecoder({
      latentDim: 3,
      hidden: [4],
      outputShape: [2, 2, 1],
      outputActivation: 'sigmoid',
      seed: 9,
    });
    const z = tf.randomNormal([5, 3], 0, 1, 'float32', 4);
    const y = dec.predict(z) as tf.Tensor;
    expect(y.shape).toEqual([5, 2, 2, 1]);

    const zs = (await z.array()) as number[][];
    const [w1, b1] = await Promise.all(
      dec
        .getLayer('dense_0')
        .getWeights()
        .map((t) => t.array()),
    );
    const [w2, b2] = await Promise.all(
      dec
        .getLayer('output')
        .getWeights()
        .map((t) => t.array()),
    );
    const lin = (x: number[], w: number[][], b: number[]) =>
      b.map((bj, j) => x.reduce((s, xi, i) => s + xi * (w[i]?.[j] ?? Number.NaN), bj));
    const got = (await tf.reshape(y, [5, 4]).array()) as number[][];
    zs.forEach((row, n) => {
      const h = lin(row, w1 as number[][], b1 as number[]).map((v) => Math.max(0, v));
      const out = lin(h, w2 as number[][], b2 as number[]).map((v) => 1 / (1 + Math.exp(-v)));
      out.forEach((v, j) => {
        expect(got[n]?.[j]).toBeCloseTo(v, 5);
      });
    });
    tf.dispose([z, y]);
    dec.dispose();
  });

  it('outputs logits (unbounded) by default', () => {
    const dec = denseDecoder({ latentDim: 2, hidden: [], outputShape: [3] });
    expect(dec.getLayer('output').getConfig().activation).toBe('linear');
    expect(dec.outputs[0]?.shape).toEqual([null, 3]);
    dec.dispose();
  });

  it('takes [z, label] when conditional: the output of [z, label] W + b', async () => {
    const dec = denseDecoder({
      latentDim: 2,
      hidden: [],
      outputShape: [3],
      numClasses: 2,
      seed: 4,
    });
    expect(dec.inputLayers.map((l) => l.name)).toEqual(['z', 'label']);
    const z = tf.tensor2d([
      [0.5, -1],
      [2, 0.25],
    ]);
    const label = tf.tensor2d([
      [1, 0],
      [0, 1],
    ]);
    const y = (await (dec.predict([z, label]) as tf.Tensor).array()) as number[][];
    const [w, b] = await Promise.all(
      dec
        .getLayer('output')
        .getWeights()
        .map((t) => t.array()),
    );
    const zs = (await z.array()) as number[][];
    const ls = (await label.array()) as number[][];
    zs.forEach((row, n) => {
      const input = [...row, ...(ls[n] ?? [])];
      (b as number[]).forEach((bj, j) => {
        const ref = input.reduce(
          (s, v, i) => s + v * ((w as number[][])[i]?.[j] ?? Number.NaN),
          bj,
        );
        expect(y[n]?.[j]).toBeCloseTo(ref, 5);
      });
    });
    tf.dispose([z, label]);
    dec.dispose();
  });

  it('adds batch normalization and dropout to the hidden layers only', () => {
    const dec = denseDecoder({
      latentDim: 2,
      hidden: [4, 5],
      outputShape: [3],
      batchNorm: true,
      dropout: 0.1,
    });
    expect(dec.layers.map((l) => l.name)).toEqual([
      'z',
      'dense_0',
      'bn_dense_0',
      'act_dense_0',
      'dropout_dense_0',
      'dense_1',
      'bn_dense_1',
      'act_dense_1',
      'dropout_dense_1',
      'output',
    ]);
    // 2·4 + BN 4·4 + 4·5 + BN 4·5 + output 5·3 + 3
    expect(dec.countParams()).toBe(8 + 16 + 20 + 20 + 18);
    dec.dispose();
  });

  it('names the field, the value and what is accepted on bad arguments', () => {
    const bad = (args: object, pattern: RegExp) => {
      const call = () =>
        denseDecoder({ latentDim: 2, hidden: [3], outputShape: [4], ...args } as never);
      expect(call).toThrow(NetworkError);
      expect(call).toThrow(pattern);
    };
    bad({ outputShape: [28, 0, 1] }, /outputShape\[1\] must be an integer ≥ 1, got 0/);
    bad({ outputActivation: 'relu' }, /outputActivation must be 'linear' or 'sigmoid', got "relu"/);
    bad({ latentDim: 1.5 }, /latentDim must be an integer ≥ 1, got 1.5/);
    bad({ dropout: 1.5 }, /dropout must be a number in \[0, 1\)/);
    bad({ numClasses: -2 }, /numClasses must be an integer ≥ 1, got -2/);
  });
});

describe('denseDecoder memory', () => {
  it('does not grow the tensor count over repeated forward passes', () => {
    const dec = denseDecoder({ latentDim: 2, hidden: [8], outputShape: [4, 4, 1], seed: 1 });
    const z = tf.randomNormal([3, 2]);
    tf.dispose(dec.predict(z) as tf.Tensor);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      tf.dispose(dec.predict(z) as tf.Tensor);
      tf.dispose(tf.tidy(() => dec.apply(z, { training: true }) as tf.Tensor));
    }
    expect(tf.memory().numTensors).toBe(before);
    z.dispose();
    dec.dispose();
  });
});
