import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { convDecoder } from './conv-decoder.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Image = number[][][]; // [h][w][c]

/** TF 'same' padding of a stride-s conv from `big` to ⌈big/s⌉: the smaller half before. */
function padBefore(big: number, k: number, s: number): number {
  return Math.floor(Math.max((Math.ceil(big / s) - 1) * s + k - big, 0) / 2);
}

/**
 * Float64 transposed 'same' convolution, written as the adjoint of the strided 'same'
 * convolution: y[q·s + a − pad] += x[q] · K[a] (kernel [k][k][out][in]).
 */
function transposeSame(x: Image, kernel: number[][][][], bias: number[], s: number): Image {
  const k = kernel.length;
  const oh = x.length * s;
  const ow = (x[0]?.length ?? 0) * s;
  const top = padBefore(oh, k, s);
  const left = padBefore(ow, k, s);
  const y: Image = Array.from({ length: oh }, () => Array.from({ length: ow }, () => [...bias]));
  x.forEach((row, qi) => {
    row.forEach((px, qj) => {
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          const out = y[qi * s + a - top]?.[qj * s + b - left];
          if (!out) continue;
          out.forEach((_, f) => {
            px.forEach((v, c) => {
              out[f] = (out[f] as number) + v * (kernel[a]?.[b]?.[f]?.[c] ?? Number.NaN);
            });
          });
        }
      }
    });
  });
  return y;
}

/** Float64 stride-1 'same' convolution (kernel [k][k][in][out]) of a nearest-upsampled image. */
function upsampleConv(x: Image, kernel: number[][][][], bias: number[]): Image {
  const up = Array.from({ length: 2 * x.length }, (_, i) =>
    Array.from({ length: 2 * (x[0]?.length ?? 0) }, (_, j) => x[i >> 1]?.[j >> 1] ?? []),
  );
  const k = kernel.length;
  const top = padBefore(up.length, k, 1);
  return up.map((row, i) =>
    row.map((_, j) =>
      bias.map((b, o) => {
        let sum = b;
        for (let a = 0; a < k; a++) {
          for (let c = 0; c < k; c++) {
            up[i + a - top]?.[j + c - top]?.forEach((v, ci) => {
              sum += v * (kernel[a]?.[c]?.[ci]?.[o] ?? Number.NaN);
            });
          }
        }
        return sum;
      }),
    ),
  );
}

async function expectClose(got: tf.Tensor, ref: Image[]): Promise<void> {
  const g = (await got.array()) as Image[];
  expect(got.shape.slice(1)).toEqual([
    ref[0]?.length,
    ref[0]?.[0]?.length,
    ref[0]?.[0]?.[0]?.length,
  ]);
  ref.forEach((img, n) => {
    img.forEach((row, i) => {
      row.forEach((px, j) => {
        px.forEach((v, c) => {
          expect(g[n]?.[i]?.[j]?.[c]).toBeCloseTo(v, 4);
        });
      });
    });
  });
}

describe('convDecoder', () => {
  it('computes a stride-2 transposed convolution as the float64 adjoint of a strided conv', async () => {
    for (const [h, w, k] of [
      [3, 2, 3],
      [2, 3, 4],
    ] as const) {
      const dec = convDecoder({
        inputShape: [h, w, 2],
        layers: [{ filters: 3, kernelSize: k, strides: 2 }],
        outputShape: [2 * h, 2 * w, 3],
        seed: 3,
      });
      const x = tf.randomNormal([2, h, w, 2], 0, 1, 'float32', 5);
      const [kernel] = dec.getLayer('deconv_0').getWeights();
      const bias = tf.tensor1d([0.1, 0, -0.3]);
      dec.getLayer('deconv_0').setWeights([kernel as tf.Tensor, bias]);
      const kk = (await kernel?.array()) as number[][][][];
      const ref = ((await x.array()) as Image[]).map((img) =>
        transposeSame(img, kk, [0.1, 0, -0.3], 2),
      );
      const y = dec.predict(x) as tf.Tensor;
      await expectClose(y, ref);
      tf.dispose([x, y, bias]);
      dec.dispose();
    }
  });

  it('computes upsample + conv (with relu between layers) as a float64 re-computation does', async () => {
    const dec = convDecoder({
      inputShape: [2, 3, 1],
      layers: [
        { filters: 2, mode: 'upsample' },
        { filters: 1, kernelSize: 1, mode: 'conv' },
      ],
      outputShape: [4, 6, 1],
      outputActivation: 'sigmoid',
      seed: 8,
    });
    const x = tf.randomNormal([2, 2, 3, 1], 0, 1, 'float32', 2);
    const [k0, b0] = await Promise.all(
      dec
        .getLayer('conv_0')
        .getWeights()
        .map((t) => t.array()),
    );
    const [k1, b1] = await Promise.all(
      dec
        .getLayer('conv_1')
        .getWeights()
        .map((t) => t.array()),
    );
    const ref = ((await x.array()) as Image[]).map((img) => {
      const h = upsampleConv(img, k0 as number[][][][], b0 as number[]).map((r) =>
        r.map((p) => p.map((v) => Math.max(0, v))),
      );
      const wk = (k1 as number[][][][])[0]?.[0] as number[][];
      return h.map((r) =>
        r.map((p) => [
          1 /
            (1 +
              Math.exp(
                -p.reduce(
                  (s, v, c) => s + v * (wk[c]?.[0] ?? Number.NaN),
                  (b1 as number[])[0] ?? 0,
                ),
              )),
        ]),
      );
    });
    const y = dec.predict(x) as tf.Tensor;
    await expectClose(y, ref);
    tf.dispose([x, y]);
    dec.dispose();
  });

  it('has the hand-counted parameters, with batch norm on hidden layers only', () => {
    const dec = convDecoder({
      latentDim: 3,
      dense: [5],
      layers: [
        { filters: 4, strides: 2 },
        { filters: 2, kernelSize: 1, mode: 'conv' },
      ],
      outputShape: [4, 4, 2],
      batchNorm: true,
    });
    // dense 3·5 (no bias) + BN 4·5; project 5·(2·2·4) (no bias) + BN 4·16;
    // deconv 3·3·4·4 (no bias) + BN 4·4; output conv 1·1·4·2 + 2 (bias, no BN)
    expect(dec.countParams()).toBe(15 + 20 + 80 + 64 + 144 + 16 + 10);
    expect(() => dec.getLayer('bn_conv_1')).toThrow();
    expect(dec.outputs[0]?.shape).toEqual([null, 4, 4, 2]);
    dec.dispose();
  });

  it('projects z linearly with projectionActivation linear: the reshape holds z·W + b, negatives kept', async () => {
    const args = {
      latentDim: 3,
      layers: [{ filters: 1, strides: 2 }],
      outputShape: [4, 4, 1],
      seed: 2,
    };
    const linear = convDecoder({ ...args, projectionActivation: 'linear' });
    const relu = convDecoder(args);
    expect(linear.getLayer('project_0').getConfig().activation).toBe('linear');
    expect(relu.getLayer('project_0').getConfig().activation).toBe('relu');
    const z = tf.tensor2d([[1, -2, 0.5]]);
    const reshape = tfl.model({
      inputs: linear.inputs,
      outputs: linear.getLayer('reshape').output,
    });
    const got = Array.from(await (reshape.predict(z) as tf.Tensor).data());
    const [w, b] = linear.getLayer('project_0').getWeights();
    const wv = (await (w as tf.Tensor).array()) as number[][];
    const bv = Array.from(await (b as tf.Tensor).data());
    const want = bv.map(
      (bias, j) => bias + [1, -2, 0.5].reduce((a, zi, i) => a + zi * (wv[i]?.[j] ?? Number.NaN), 0),
    );
    expect(got.length).toBe(2 * 2 * 1);
    for (const [j, v] of got.entries()) expect(v).toBeCloseTo(want[j] as number, 5);
    expect(want.some((v) => v < 0)).toBe(true);
    expect(() => convDecoder({ ...args, projectionActivation: 'nope' as never })).toThrow(
      /projectionActivation/,
    );
    expect(() =>
      convDecoder({
        inputShape: [2, 2, 1],
        layers: [{ filters: 1, strides: 2 }],
        outputShape: [4, 4, 1],
        projectionActivation: 'linear',
      }),
    ).toThrow(/projectionActivation \("linear"\) cannot be used with a feature-map input/);
    tf.dispose([z]);
    linear.dispose();
    relu.dispose();
  });

  it('takes [z, label] when conditional, and the label changes the output', async () => {
    const dec = convDecoder({
      latentDim: 2,
      numClasses: 4,
      layers: [{ filters: 1, strides: 2 }],
      outputShape: [4, 4, 1],
      seed: 1,
    });
    expect(dec.inputLayers.map((l) => l.name)).toEqual(['z', 'label']);
    expect(dec.getLayer('project_0').getWeights()[0]?.shape).toEqual([6, 4]);
    const z = tf.randomNormal([2, 2], 0, 1, 'float32', 3);
    const la = tf.tensor2d([
      [1, 0, 0, 0],
      [1, 0, 0, 0],
    ]);
    const lb = tf.tensor2d([
      [0, 0, 0, 1],
      [0, 0, 0, 1],
    ]);
    const a = dec.predict([z, la]) as tf.Tensor;
    const b = dec.predict([z, lb]) as tf.Tensor;
    expect((await tf.max(tf.abs(tf.sub(a, b))).data())[0]).toBeGreaterThan(1e-3);
    tf.dispose([z, la, lb, a, b]);
    dec.dispose();
  });

  it('is reproducible with a seed and differs across seeds', async () => {
    const weights = async (seed: number) => {
      const dec = convDecoder({
        latentDim: 2,
        layers: [
          { filters: 2, strides: 2 },
          { filters: 1, mode: 'upsample' },
        ],
        outputShape: [8, 8, 1],
        seed,
      });
      const all = await Promise.all(dec.getWeights().map((w) => w.data()));
      dec.dispose();
      return all.map((w) => Array.from(w));
    };
    expect(await weights(3)).toEqual(await weights(3));
    expect(await weights(3)).not.toEqual(await weights(4));
  });
});

describe('convDecoder memory', () => {
  it('does not grow the tensor count over repeated forward passes', () => {
    const dec = convDecoder({
      latentDim: 2,
      numClasses: 2,
      dense: [4],
      dropout: 0.2,
      batchNorm: true,
      layers: [
        { filters: 2, strides: 2 },
        { filters: 1, mode: 'upsample' },
      ],
      outputShape: [8, 8, 1],
      seed: 1,
    });
    const inputs = [
      tf.randomNormal([2, 2]),
      tf.tensor2d([
        [1, 0],
        [0, 1],
      ]),
    ];
    tf.dispose(dec.predict(inputs) as tf.Tensor);
    tf.dispose(tf.tidy(() => dec.apply(inputs, { training: true }) as tf.Tensor));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      tf.dispose(dec.predict(inputs) as tf.Tensor);
      tf.dispose(tf.tidy(() => dec.apply(inputs, { training: true }) as tf.Tensor));
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(inputs);
    dec.dispose();
  });
});
