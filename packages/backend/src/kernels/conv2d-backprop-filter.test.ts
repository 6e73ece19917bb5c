import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../random.js';
import { setUpCpuAndWasm } from '../test-utils/backends.js';
import { maxRelativeError, normalArray } from '../test-utils/compare.js';
import { footprintOfRepeats } from '../test-utils/footprint.js';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

interface Case {
  x: [number, number, number, number];
  k: number;
  outChannels: number;
  stride: number | [number, number];
  pad: Pad;
  dataFormat?: 'NHWC' | 'NCHW';
}

function label(c: Case): string {
  return `x=[${c.x.join(',')}] k=${c.k} co=${c.outChannels} s=${String(c.stride)} pad=${JSON.stringify(c.pad)} ${c.dataFormat ?? 'NHWC'}`;
}

/** Runs the kernel on the active backend; returns the filter gradient. */
function backpropFilter(
  c: Case,
  xVals: Float32Array,
  dyVals: Float32Array,
  dyShape: number[],
): Float32Array {
  const nchw = c.dataFormat === 'NCHW';
  const inChannels = nchw ? c.x[1] : c.x[3];
  return tf.tidy(() => {
    const x = tf.tensor4d(xVals, c.x);
    const dy = tf.tensor(dyVals, dyShape);
    const attrs = {
      strides: c.stride,
      pad: c.pad,
      dataFormat: c.dataFormat ?? 'NHWC',
      filterShape: [c.k, c.k, inChannels, c.outChannels],
    };
    const dw = tf
      .engine()
      .runKernel(
        tf.Conv2DBackpropFilter,
        { x, dy },
        attrs as unknown as tf.NamedAttrMap,
      ) as tf.Tensor;
    expect(dw.shape).toEqual([c.k, c.k, inChannels, c.outChannels]);
    return dw.dataSync() as Float32Array;
  });
}

function dyShapeOf(c: Case): number[] {
  const nchw = c.dataFormat === 'NCHW';
  const nhwc: [number, number, number, number] = nchw ? [c.x[0], c.x[2], c.x[3], c.x[1]] : c.x;
  const info = tf.backend_util.computeConv2DInfo(
    nhwc,
    [c.k, c.k, nhwc[3], c.outChannels],
    c.stride,
    1,
    c.pad,
  );
  const [b, h, w, o] = info.outShape;
  return nchw ? [b, o, h, w] : [b, h, w, o];
}

const errors: number[] = [];

async function check(c: Case, seed: number): Promise<void> {
  const rng = createRng(seed);
  const dyShape = dyShapeOf(c);
  const xVals = normalArray(
    rng,
    c.x.reduce((a, b) => a * b, 1),
  );
  const dyVals = normalArray(
    rng,
    dyShape.reduce((a, b) => a * b, 1),
  );
  await tf.setBackend('cpu');
  const expected = backpropFilter(c, xVals, dyVals, dyShape);
  await tf.setBackend('wasm');
  const actual = backpropFilter(c, xVals, dyVals, dyShape);
  const err = maxRelativeError(actual, expected);
  errors.push(err);
  expect(err, label(c)).toBeLessThan(1e-4);
}

// The grid of cases: batch 1 and 3, odd and even (and non-square)
// spatial sizes, filters 1/3/5, strides 1/2, paddings same/valid.
const grid: Case[] = [];
for (const batch of [1, 3])
  for (const [h, w] of [
    [7, 7],
    [8, 8],
    [9, 6],
  ] as const)
    for (const k of [1, 3, 5])
      for (const stride of [1, 2])
        for (const pad of ['same', 'valid'] as const)
          grid.push({ x: [batch, h, w, 2], k, outChannels: 3, stride, pad });

const extra: Case[] = [
  // Shapes of the project's conv autoencoders.
  { x: [4, 28, 28, 1], k: 3, outChannels: 16, stride: 2, pad: 'same' },
  { x: [4, 14, 14, 16], k: 3, outChannels: 32, stride: 2, pad: 'same' },
  { x: [2, 7, 7, 32], k: 3, outChannels: 64, stride: 1, pad: 'valid' },
  { x: [2, 28, 28, 8], k: 5, outChannels: 8, stride: 1, pad: 'same' },
  // Unequal strides, numeric and explicit padding, channels-first layout.
  { x: [2, 9, 8, 3], k: 3, outChannels: 4, stride: [2, 1], pad: 'same' },
  { x: [2, 8, 8, 3], k: 3, outChannels: 4, stride: 1, pad: 1 },
  {
    x: [2, 9, 9, 3],
    k: 3,
    outChannels: 4,
    stride: 2,
    pad: [
      [0, 0],
      [2, 0],
      [0, 1],
      [0, 0],
    ],
  },
  { x: [3, 2, 9, 8], k: 3, outChannels: 4, stride: 2, pad: 'same', dataFormat: 'NCHW' },
  { x: [1, 3, 7, 7], k: 5, outChannels: 2, stride: 1, pad: 'valid', dataFormat: 'NCHW' },
];

describe('Conv2DBackpropFilter on wasm vs cpu', () => {
  beforeAll(async () => {
    await setUpCpuAndWasm();
  });
  afterAll(() => {
    console.info(
      `Conv2DBackpropFilter: ${errors.length} cases, max relative error ${Math.max(...errors).toExponential(2)}`,
    );
  });

  it('is registered for wasm by this package, and cpu keeps its own', () => {
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeDefined();
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'cpu')?.kernelFunc.name).not.toBe('');
  });

  it(`matches cpu on the ${grid.length}-case grid`, async () => {
    let seed = 1;
    for (const c of grid) await check(c, seed++);
  });

  it.each(extra.map((c, i) => [label(c), c, i] as const))(
    'matches cpu: %s',
    async (_name, c, i) => {
      await check(c, 1000 + i);
    },
  );

  it('gives the conv2d filter gradient through tf.grad (and conv2dTranspose)', async () => {
    const rng = createRng(7);
    const xVals = normalArray(rng, 2 * 10 * 10 * 3);
    const xtVals = normalArray(rng, 2 * 10 * 10 * 4);
    const wVals = normalArray(rng, 3 * 3 * 3 * 4);
    const grads = (): Float32Array[] =>
      tf.tidy(() => {
        const x = tf.tensor4d(xVals, [2, 10, 10, 3]);
        const xt = tf.tensor4d(xtVals, [2, 10, 10, 4]);
        const w = tf.tensor4d(wVals, [3, 3, 3, 4]);
        const loss = (f: tf.Tensor): tf.Scalar =>
          tf.sum(tf.square(tf.conv2d(x, f as tf.Tensor4D, 2, 'same')));
        const lossT = (f: tf.Tensor): tf.Scalar =>
          tf.sum(tf.sin(tf.conv2dTranspose(xt, f as tf.Tensor4D, [2, 20, 20, 3], 2, 'same')));
        return [
          tf.grad(loss)(w).dataSync() as Float32Array,
          tf.grad(lossT)(w).dataSync() as Float32Array,
        ];
      });
    await tf.setBackend('cpu');
    const expected = grads();
    await tf.setBackend('wasm');
    const actual = grads();
    for (const [i, e] of expected.entries()) {
      const err = maxRelativeError(actual[i] as Float32Array, e);
      errors.push(err);
      expect(err).toBeLessThan(1e-4);
    }
  });

  it('leaks no tensors and no wasm memory over 50 calls', async () => {
    await tf.setBackend('wasm');
    const rng = createRng(3);
    const x = tf.tensor4d(normalArray(rng, 8 * 16 * 16 * 8), [8, 16, 16, 8]);
    const dy = tf.tensor4d(normalArray(rng, 8 * 8 * 8 * 16), [8, 8, 8, 16]);
    const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 8, 16] };
    const call = (): void => {
      const dw = tf
        .engine()
        .runKernel(
          tf.Conv2DBackpropFilter,
          { x, dy },
          attrs as unknown as tf.NamedAttrMap,
        ) as tf.Tensor;
      dw.dispose();
    };
    const { before, after } = footprintOfRepeats(call);
    expect(after).toEqual(before);
    x.dispose();
    dy.dispose();
  });
});
