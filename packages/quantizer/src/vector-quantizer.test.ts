import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node.
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import {
  expectClose,
  squaredDistance64,
  startingAt,
  useCpuBackend,
  values,
} from './testing.test-helpers.js';
import { VectorQuantizer } from './vector-quantizer.js';

useCpuBackend();

describe('VectorQuantizer: construction', () => {
  it('starts uniform in [−1/K, 1/K], counts at 1, and exposes the right trainables', async () => {
    const vq = new VectorQuantizer({ numCodes: 8, codeDim: 3, seed: 4 });
    const codes = await values(vq.codebook);
    expect(vq.codebook.shape).toEqual([8, 3]);
    expect(codes.every((c) => Math.abs(c) <= 1 / 8)).toBe(true);
    expect(new Set(codes).size).toBe(24);
    expect(vq.trainableVariables).toEqual([vq.codebook]);
    expect(await vq.stats()).toEqual({
      clusterSizes: new Array(8).fill(1),
      perplexity: expect.closeTo(8, 10),
      deadCodes: 0,
    });
    const again = new VectorQuantizer({ numCodes: 8, codeDim: 3, seed: 4 });
    expect(await values(again.codebook)).toEqual(codes);
    const ema = new VectorQuantizer({ numCodes: 8, codeDim: 3, ema: true });
    expect(ema.trainableVariables).toEqual([]);
    expect(ema.codebook.trainable).toBe(false);
    expect(ema.options.ema).toEqual({ decay: 0.99, epsilon: 1e-5 });
    for (const q of [vq, again, ema]) q.dispose();
  });

  it.each([
    [{ numCodes: 0, codeDim: 2 }, 'numCodes must be an integer ≥ 1, got 0'],
    [{ numCodes: 4, codeDim: 2.5 }, 'codeDim must be an integer ≥ 1, got 2.5'],
    [
      { numCodes: 4, codeDim: 2, ema: { decay: 1 } },
      'ema.decay must be a number strictly between 0 and 1, got 1',
    ],
    [{ numCodes: 4, codeDim: 2, ema: { epsilon: 0 } }, 'ema.epsilon must be a finite number > 0'],
    [
      { numCodes: 4, codeDim: 2, init: 'random' },
      'init must be one of uniform, kmeans, got "random"',
    ],
    [
      { numCodes: 4, codeDim: 2, deadCodeThreshold: -1 },
      'deadCodeThreshold must be a finite number ≥ 0, got -1',
    ],
    [{ numCodes: 4, codeDim: 2, seed: 0.5 }, 'seed must be an integer, got 0.5'],
  ])('rejects %j before allocating', (options, message) => {
    const before = tf.memory().numTensors;
    expect(() => new VectorQuantizer(options as never)).toThrow(
      expect.objectContaining({
        code: 'QUANTIZER_BAD_OPTION',
        message: expect.stringContaining(`VectorQuantizer: ${message}`),
      }),
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('VectorQuantizer: gradient training', () => {
  it('one SGD step on the codebook loss moves each used code by −lr·Σ 2(c − x)/(N·D)', async () => {
    const codes = [
      [0, 0],
      [3, 3],
      [-5, 5],
    ];
    const vq = new VectorQuantizer({ numCodes: 3, codeDim: 2 }, startingAt(codes, false));
    const x = [
      [0.5, 0.5],
      [2, 3],
      [4, 4],
      [0, -1],
    ];
    const chosen = x.map((v) => {
      const ds = codes.map((c) => squaredDistance64(v, c));
      return ds.indexOf(Math.min(...ds));
    });
    const lr = 0.5;
    const optimizer = tf.train.sgd(lr);
    const xs = tf.tensor2d(x);
    optimizer.minimize(
      () => {
        const r = vq.quantize(xs, { training: true });
        return tf.add(r.losses.codebook, r.losses.commitment) as tf.Scalar;
      },
      false,
      vq.trainableVariables,
    );
    const expected = codes.map((c, k) =>
      c.map((v, j) => {
        let g = 0;
        chosen.forEach((code, r) => {
          if (code === k) g += (2 * (v - (x[r]?.[j] ?? 0))) / (x.length * 2);
        });
        return v - lr * g;
      }),
    );
    expectClose(await values(vq.codebook), expected.flat(), { rtol: 1e-6, atol: 1e-7 });
    optimizer.dispose();
    xs.dispose();
    vq.dispose();
  });
});

describe('VectorQuantizer: tensor ownership', () => {
  it.each([
    ['gradient codebook, restarts', { numCodes: 6, codeDim: 3, deadCodeThreshold: 0.5 }],
    [
      'EMA, restarts, k-means',
      { numCodes: 6, codeDim: 3, ema: true, deadCodeThreshold: 0.5, init: 'kmeans' as const },
    ],
  ])('%s: 50 training and inference calls and updates leave numTensors unchanged', (_, options) => {
    const vq = new VectorQuantizer(options);
    const x = tf.randomNormal([4, 5, 3], 0, 1, 'float32', 1);
    tf.dispose(vq.quantize(x, { training: true })); // first call: k-means initialization
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      tf.dispose(vq.quantize(x, { training: true }));
      tf.dispose(vq.quantize(x));
      const result = vq.quantize(x);
      vq.update(x, result.indices);
      tf.dispose(result);
      vq.restartDeadCodes(x);
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    const owned = tf.memory().numTensors;
    vq.dispose();
    expect(tf.memory().numTensors).toBeLessThan(owned);
    expect(() => vq.quantize(tf.zeros([1, 3]))).toThrow(
      expect.objectContaining({ code: 'QUANTIZER_DISPOSED' }),
    );
  });

  it('update checks one index per vector', () => {
    const vq = new VectorQuantizer({ numCodes: 2, codeDim: 2 });
    expect(() => vq.update(tf.zeros([3, 2]), tf.zeros([2], 'int32'))).toThrow(
      expect.objectContaining({ code: 'QUANTIZER_BAD_SHAPE' }),
    );
    vq.dispose();
  });
});
