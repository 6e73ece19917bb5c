import '@tensorflow/tfjs-backend-cpu';
import { NetworkError } from '@ae/layers';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { convEncoder, convEncoderShapes } from './conv-encoder.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Image = number[][][]; // [h][w][c]

/** TF-style 'same' padding: total max((out − 1)·s + k − n, 0), the smaller half before. */
function samePad(n: number, k: number, s: number): [number, number] {
  const out = Math.ceil(n / s);
  const total = Math.max((out - 1) * s + k - n, 0);
  return [out, Math.floor(total / 2)];
}

/** Float64 'same' convolution of one image; kernel [k][k][cin][cout]. */
function convSame(x: Image, kernel: number[][][][], bias: number[], s: number): Image {
  const k = kernel.length;
  const [oh, top] = samePad(x.length, k, s);
  const [ow, left] = samePad(x[0]?.length ?? 0, k, s);
  return Array.from({ length: oh }, (_, i) =>
    Array.from({ length: ow }, (_, j) =>
      bias.map((b, o) => {
        let sum = b;
        for (let a = 0; a < k; a++) {
          for (let c = 0; c < k; c++) {
            const px = x[i * s + a - top]?.[j * s + c - left];
            px?.forEach((v, ci) => {
              sum += v * (kernel[a]?.[c]?.[ci]?.[o] ?? Number.NaN);
            });
          }
        }
        return sum;
      }),
    ),
  );
}

/** Float64 2×2 max pooling, stride 2, 'same' (windows cut at the border). */
function maxPoolSame(x: Image): Image {
  const [oh, top] = samePad(x.length, 2, 2);
  const [ow, left] = samePad(x[0]?.length ?? 0, 2, 2);
  return Array.from({ length: oh }, (_, i) =>
    Array.from({ length: ow }, (_, j) =>
      (x[0]?.[0] ?? []).map((_, c) => {
        let m = Number.NEGATIVE_INFINITY;
        for (let a = 0; a < 2; a++) {
          for (let b = 0; b < 2; b++) {
            const v = x[i * 2 + a - top]?.[j * 2 + b - left]?.[c];
            if (v !== undefined) m = Math.max(m, v);
          }
        }
        return m;
      }),
    ),
  );
}

const weightSizes = (m: tfl.LayersModel) =>
  m.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 0), 1), 0);

describe('convEncoder', () => {
  it('computes pool(relu(conv(x))) with TF same padding, as a float64 re-computation does', async () => {
    // 6×5 input, 3×3 kernel, stride 2: rows pad 0 before / 1 after, columns 1 / 1.
    const enc = convEncoder({
      inputShape: [6, 5, 2],
      layers: [{ filters: 3, strides: 2, pool: 2 }],
      head: 'feature-map',
      seed: 4,
    });
    const x = tf.randomNormal([2, 6, 5, 2], 0, 1, 'float32', 8);
    const y = enc.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 2, 2, 3]);
    const [kernel] = enc.getLayer('conv_0').getWeights();
    // A non-zero bias makes the check sensitive to it too.
    const bias = tf.tensor1d([0.1, -0.2, 0.3]);
    enc.getLayer('conv_0').setWeights([kernel as tf.Tensor, bias]);
    const y2 = (await (enc.predict(x) as tf.Tensor).array()) as Image[];
    const k = (await kernel?.array()) as number[][][][];
    const xs = (await x.array()) as Image[];
    xs.forEach((img, n) => {
      const conv = convSame(img, k, [0.1, -0.2, 0.3], 2).map((r) =>
        r.map((p) => p.map((v) => Math.max(0, v))),
      );
      const ref = maxPoolSame(conv);
      ref.forEach((r, i) => {
        r.forEach((p, j) => {
          p.forEach((v, c) => {
            expect(y2[n]?.[i]?.[j]?.[c]).toBeCloseTo(v, 5);
          });
        });
      });
    });
    tf.dispose([x, y, bias]);
    enc.dispose();
  });

  it('has the hand-counted parameters and output shapes of a Gaussian encoder', () => {
    const args = {
      inputShape: [8, 8, 1],
      layers: [
        { filters: 4, strides: 2 },
        { filters: 6, kernelSize: 3, padding: 'valid' as const },
      ],
      dense: [5],
      latentDim: 3,
    };
    const enc = convEncoder(args);
    // conv 3·3·1·4 + 4 → 4×4×4; conv valid 3·3·4·6 + 6 → 2×2×6 = 24; dense 24·5 + 5; heads 2·(5·3 + 3)
    expect(enc.countParams()).toBe(40 + 222 + 125 + 36);
    expect(enc.outputs.map((o) => o.shape)).toEqual([
      [null, 3],
      [null, 3],
    ]);
    expect(convEncoderShapes(args)).toEqual({
      layers: [
        [4, 4, 4],
        [2, 2, 6],
      ],
      code: [3],
    });
    const [mean, logVar] = enc.predict(tf.ones([2, 8, 8, 1])) as tf.Tensor[];
    expect(mean?.shape).toEqual([2, 3]);
    expect(logVar?.shape).toEqual([2, 3]);
    tf.dispose([mean as tf.Tensor, logVar as tf.Tensor]);
    enc.dispose();
  });

  it('adds batch normalization without conv biases (4 weights per channel, 2 trainable)', () => {
    const enc = convEncoder({
      inputShape: [4, 4, 1],
      layers: [{ filters: 2 }],
      latentDim: 2,
      head: 'deterministic',
      batchNorm: true,
    });
    // conv 3·3·1·2 (no bias); BN 4·2; code (4·4·2)·2 + 2
    expect(enc.countParams()).toBe(18 + 8 + 66);
    expect(weightSizes(enc)).toBe(18 + 4 + 66);
    expect(enc.getLayer('bn_conv_0')).toBeDefined();
    enc.dispose();
  });

  it('takes [x, label] when conditional, and the label changes the code', async () => {
    const enc = convEncoder({
      inputShape: [4, 4, 1],
      layers: [{ filters: 2, strides: 2 }],
      latentDim: 2,
      head: 'deterministic',
      numClasses: 3,
      seed: 2,
    });
    expect(enc.inputLayers.map((l, i) => [l.name, enc.inputs[i]?.shape])).toEqual([
      ['x', [null, 4, 4, 1]],
      ['label', [null, 3]],
    ]);
    // flatten 2·2·2 = 8 features + 3 label entries → code 2
    expect(enc.getLayer('code').getWeights()[0]?.shape).toEqual([11, 2]);
    const x = tf.randomUniform([2, 4, 4, 1], 0, 1, 'float32', 1);
    const l0 = tf.tensor2d([
      [1, 0, 0],
      [1, 0, 0],
    ]);
    const l2 = tf.tensor2d([
      [0, 0, 1],
      [0, 0, 1],
    ]);
    const a = enc.predict([x, l0]) as tf.Tensor;
    const b = enc.predict([x, l2]) as tf.Tensor;
    const diff = (await tf.max(tf.abs(tf.sub(a, b))).data())[0] as number;
    expect(diff).toBeGreaterThan(1e-3);
    // Same label, same code: the difference comes from the label only.
    const a2 = enc.predict([x, l0]) as tf.Tensor;
    expect(Array.from(await a2.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, l0, l2, a, b, a2]);
    enc.dispose();
  });

  it('is reproducible with a seed and differs across seeds', async () => {
    const weights = async (seed: number) => {
      const enc = convEncoder({
        inputShape: [4, 4, 1],
        layers: [{ filters: 2 }],
        latentDim: 2,
        seed,
      });
      const all = await Promise.all(enc.getWeights().map((w) => w.data()));
      enc.dispose();
      return all.map((w) => Array.from(w));
    };
    expect(await weights(5)).toEqual(await weights(5));
    expect(await weights(5)).not.toEqual(await weights(6));
  });

  it('names the layer, its input and why on shapes that do not fit', () => {
    const call = () =>
      convEncoder({
        inputShape: [12, 12, 1],
        layers: [
          { filters: 4, strides: 2 },
          { filters: 4, pool: 2 },
          { filters: 4, kernelSize: 5, padding: 'valid' },
        ],
        latentDim: 2,
      });
    expect(call).toThrow(NetworkError);
    expect(call).toThrow(
      /convEncoder: layers\[2\] \(conv 5×5, stride 1, valid\) gets a 3×3×4 input, smaller than its 5×5 kernel/,
    );
  });

  it('names the field, the value and what is accepted on bad arguments', () => {
    const bad = (args: object, pattern: RegExp) => {
      const call = () =>
        convEncoder({
          inputShape: [8, 8, 1],
          layers: [{ filters: 2 }],
          latentDim: 2,
          ...args,
        } as never);
      expect(call).toThrow(NetworkError);
      expect(call).toThrow(pattern);
    };
    bad({ inputShape: [64] }, /inputShape must be \[height, width, channels\].*got \[64\]/);
    bad({ layers: [] }, /layers must be a non-empty array/);
    bad({ layers: [{ filters: 2, pool: 3 }] }, /layers\[0\]\.pool must be 2 .*got 3/);
    bad(
      { layers: [{ filters: 2, strides: 0 }] },
      /layers\[0\]\.strides must be an integer ≥ 1, got 0/,
    );
    bad(
      { layers: [{ filters: 2, padding: 'full' }] },
      /layers\[0\]\.padding must be 'same' or 'valid', got "full"/,
    );
    bad({ head: 'feature-map' }, /latentDim \(2\) cannot be used with head 'feature-map'/);
    bad(
      { head: 'feature-map', latentDim: undefined, numClasses: 10 },
      /numClasses \(10\) cannot be used with head 'feature-map'/,
    );
    bad({ latentDim: undefined }, /latentDim must be an integer ≥ 1, got undefined/);
    bad({ head: 'vq' }, /head must be one of 'gaussian', 'deterministic', 'feature-map', got "vq"/);
    bad({ dropout: 1 }, /dropout must be a number in \[0, 1\).*got 1/);
  });
});

describe('convEncoder memory', () => {
  it('does not grow the tensor count over repeated forward passes (with batch norm)', () => {
    const enc = convEncoder({
      inputShape: [6, 6, 1],
      layers: [
        { filters: 2, strides: 2 },
        { filters: 3, pool: 2 },
      ],
      dense: [4],
      dropout: 0.5,
      batchNorm: true,
      latentDim: 2,
      seed: 1,
    });
    const x = tf.randomUniform([2, 6, 6, 1]);
    tf.dispose(enc.predict(x) as tf.Tensor[]);
    tf.dispose(tf.tidy(() => enc.apply(x, { training: true }) as tf.Tensor[]));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      tf.dispose(enc.predict(x) as tf.Tensor[]);
      tf.dispose(tf.tidy(() => enc.apply(x, { training: true }) as tf.Tensor[]));
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    enc.dispose();
  });
});
