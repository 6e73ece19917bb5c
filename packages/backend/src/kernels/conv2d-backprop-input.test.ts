import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../random.js';
import { setUpCpuAndWasm } from '../test-utils/backends.js';
import { maxRelativeError, normalArray } from '../test-utils/compare.js';
import { footprintOfRepeats } from '../test-utils/footprint.js';
import {
  compositeUsefulShare,
  MIN_USEFUL_SHARE,
  makeConv2dBackpropInput,
} from './conv2d-backprop-input.js';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

interface Case {
  x: [number, number, number, number];
  k: number;
  outChannels: number;
  stride: number | [number, number];
  pad: Pad;
}

const label = (c: Case): string =>
  `x=[${c.x.join(',')}] k=${c.k} co=${c.outChannels} s=${String(c.stride)} pad=${JSON.stringify(c.pad)}`;

/** wasm's own kernel, kept before the replacement takes its place in the registry. */
let original: tf.KernelFunc;
/** Cases the composite handed to the original kernel, by label. */
const handedBack: string[] = [];

const errors: number[] = [];

/**
 * dx from the cpu kernel (reference) and from the composite on wasm, called
 * directly; a case it hands back runs wasm's own kernel and is recorded.
 */
async function check(c: Case, seed: number): Promise<void> {
  const rng = createRng(seed);
  const filterShape: [number, number, number, number] = [c.k, c.k, c.x[3], c.outChannels];
  const info = tf.backend_util.computeConv2DInfo(c.x, filterShape, c.stride, 1, c.pad);
  const dyVals = normalArray(
    rng,
    info.outShape.reduce((a, b) => a * b, 1),
  );
  const wVals = normalArray(
    rng,
    filterShape.reduce((a, b) => a * b, 1),
  );
  const attrs = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x };
  const inputs = (): tf.NamedTensorMap => ({
    dy: tf.tensor(dyVals, info.outShape),
    filter: tf.tensor(wVals, filterShape),
  });
  await tf.setBackend('cpu');
  const expected = tf.tidy(() => {
    const out = tf
      .engine()
      .runKernel(
        tf.Conv2DBackpropInput,
        inputs(),
        attrs as unknown as tf.NamedAttrMap,
      ) as tf.Tensor;
    return out.dataSync() as Float32Array;
  });
  await tf.setBackend('wasm');
  const composite = makeConv2dBackpropInput('wasm', (args) => {
    handedBack.push(label(c));
    return original(args);
  });
  const actual = tf.tidy(() => {
    const backend = tf.backend();
    const out = composite({
      inputs: inputs(),
      backend,
      attrs: attrs as unknown as tf.NamedAttrMap,
    }) as tf.TensorInfo;
    expect(out.shape).toEqual(c.x);
    const values = Float32Array.from(backend.readSync(out.dataId) as Float32Array);
    backend.disposeData(out.dataId);
    return values;
  });
  const err = maxRelativeError(actual, expected);
  errors.push(err);
  expect(err, label(c)).toBeLessThan(1e-4);
}

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
          grid.push({ x: [batch, h, w, 4], k, outChannels: 3, stride, pad });

const extra: Case[] = [
  { x: [4, 28, 28, 16], k: 3, outChannels: 32, stride: 2, pad: 'same' },
  { x: [4, 14, 14, 32], k: 3, outChannels: 64, stride: 2, pad: 'same' },
  { x: [2, 28, 28, 8], k: 5, outChannels: 8, stride: 1, pad: 'same' },
  { x: [2, 7, 7, 1], k: 3, outChannels: 16, stride: 1, pad: 'valid' },
  { x: [2, 9, 8, 4], k: 3, outChannels: 4, stride: [2, 1], pad: 'same' },
  { x: [2, 8, 8, 4], k: 3, outChannels: 4, stride: 1, pad: 1 },
  // Padding wider than the filter: the composite crops dy instead of padding it.
  { x: [2, 6, 6, 4], k: 3, outChannels: 2, stride: 1, pad: 3 },
  {
    x: [2, 9, 9, 4],
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
  {
    x: [1, 8, 8, 4],
    k: 2,
    outChannels: 3,
    stride: 2,
    pad: [
      [0, 0],
      [4, 0],
      [0, 4],
      [0, 0],
    ],
  },
];

/** Small dy under a large filter: the original kernel's cases. */
const small: Case[] = [
  { x: [2, 7, 7, 8], k: 7, outChannels: 16, stride: 1, pad: 'valid' },
  { x: [2, 8, 8, 8], k: 7, outChannels: 4, stride: 1, pad: 'valid' },
  { x: [3, 2, 2, 4], k: 3, outChannels: 4, stride: 2, pad: 'same' },
];

describe('Conv2DBackpropInput composite on wasm vs cpu', () => {
  beforeAll(async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    const config = tf.getKernel(tf.Conv2DBackpropInput, 'wasm');
    if (config === undefined)
      throw new Error('tfjs-backend-wasm registered no Conv2DBackpropInput');
    original = config.kernelFunc;
    await setUpCpuAndWasm();
  });
  afterAll(() => {
    console.info(
      `Conv2DBackpropInput: ${errors.length} cases, max relative error ${Math.max(...errors).toExponential(2)}`,
    );
  });

  it(`matches cpu on the ${grid.length}-case grid`, async () => {
    handedBack.length = 0;
    let seed = 1;
    for (const c of grid) await check(c, seed++);
    // Only 'valid' stride-2 cases have a useful share below the threshold: every
    // 5×5 filter, and 3×3 on 8×8 ((9/24)² = 0.14) and 9×6 (12/27 · 6/18 = 0.148),
    // not on 7×7 ((9/21)² = 0.18); for batch sizes 1 and 3.
    const expected = [1, 3].flatMap((b) =>
      [
        [7, 7, 5],
        [8, 8, 3],
        [8, 8, 5],
        [9, 6, 3],
        [9, 6, 5],
      ].map(([h, w, k]) => `x=[${b},${h},${w},4] k=${k} co=3 s=2 pad="valid"`),
    );
    expect(handedBack).toEqual(expected);
  });

  it.each(extra.map((c, i) => [label(c), c, i] as const))('matches cpu: %s', async (_n, c, i) => {
    handedBack.length = 0;
    await check(c, 500 + i);
    expect(handedBack).toEqual([]);
  });

  it.each(small.map((c, i) => [label(c), c, i] as const))(
    'a small dy under a large filter goes to the original, and matches cpu: %s',
    async (_n, c, i) => {
      handedBack.length = 0;
      await check(c, 700 + i);
      expect(handedBack).toEqual([label(c)]);
    },
  );

  it('measures the useful share of the composite’s work in closed form', () => {
    const share = (x: Case['x'], k: number, stride: number, pad: Pad): number =>
      compositeUsefulShare(tf.backend_util.computeConv2DInfo(x, [k, k, x[3], 2], stride, 1, pad));
    // A 1×1 dy meets one tap of each output pixel's kh·kw.
    expect(share([1, 7, 7, 4], 7, 1, 'valid')).toBeCloseTo(1 / 49, 12);
    // A 1×1 filter at stride 1 wastes nothing.
    expect(share([1, 9, 6, 4], 1, 1, 'same')).toBe(1);
    // Non-overlapping 2×2 windows at stride 2: one tap in s² is real.
    expect(share([1, 8, 8, 4], 2, 2, 'valid')).toBeCloseTo(1 / 4, 12);
    // 'same' 3×3 at stride 1 on 28 pixels: 28·3 − 2 taps fall inside per axis.
    expect(share([1, 28, 28, 4], 3, 1, 'same')).toBeCloseTo((82 / 84) ** 2, 12);
    // The strided autoencoder's shapes: 1×1 under 7×7 is below the threshold, 7×7 / 3×3
    // at stride 2 above.
    expect(share([1, 7, 7, 32], 7, 1, 'valid')).toBeLessThan(MIN_USEFUL_SHARE);
    expect(share([1, 14, 14, 32], 3, 2, 'same')).toBeGreaterThan(MIN_USEFUL_SHARE);
  });

  it('hands channels-first data and strided few-channel cases to the original kernel', async () => {
    await tf.setBackend('wasm');
    const calls: string[] = [];
    const original: tf.KernelFunc = (args) => {
      calls.push(JSON.stringify((args.attrs as { dataFormat: string }).dataFormat));
      return tf.zeros([1]);
    };
    const kernel = makeConv2dBackpropInput('wasm', original);
    const dy = tf.zeros([1, 4, 4, 2]);
    const filter = tf.zeros([3, 3, 1, 2]);
    const backend = tf.backend();
    kernel({
      inputs: { dy, filter },
      backend,
      attrs: { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [1, 8, 8, 1] },
    });
    kernel({
      inputs: { dy, filter },
      backend,
      attrs: { strides: 1, pad: 'same', dataFormat: 'NCHW', inputShape: [1, 1, 4, 4] },
    });
    expect(calls).toEqual(['"NHWC"', '"NCHW"']);
    tf.dispose([dy, filter]);
  });

  it('is registered on wasm: conv2d input gradients and conv2dTranspose match cpu', async () => {
    const rng = createRng(77);
    const xVals = normalArray(rng, 3 * 10 * 10 * 8);
    const wVals = normalArray(rng, 3 * 3 * 8 * 16);
    const zVals = normalArray(rng, 3 * 5 * 5 * 16);
    const compute = (): Float32Array[] =>
      tf.tidy(() => {
        const w = tf.tensor4d(wVals, [3, 3, 8, 16]);
        const z = tf.tensor4d(zVals, [3, 5, 5, 16]);
        const f = (x: tf.Tensor): tf.Scalar =>
          tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, w, 2, 'same')));
        const dx = tf.grad(f)(tf.tensor4d(xVals, [3, 10, 10, 8]));
        const up = tf.conv2dTranspose(z, w, [3, 10, 10, 8], 2, 'same');
        return [dx.dataSync() as Float32Array, up.dataSync() as Float32Array];
      });
    await tf.setBackend('cpu');
    const expected = compute();
    await tf.setBackend('wasm');
    const actual = compute();
    for (const [i, e] of expected.entries()) {
      const err = maxRelativeError(actual[i] as Float32Array, e);
      errors.push(err);
      expect(err).toBeLessThan(1e-4);
    }
  });

  it('leaks no tensors and no wasm memory over 50 calls', async () => {
    await tf.setBackend('wasm');
    const dy = tf.randomNormal([8, 8, 8, 16], 0, 1, 'float32', 1);
    const filter = tf.randomNormal([3, 3, 8, 16], 0, 1, 'float32', 2);
    const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [8, 16, 16, 8] };
    const call = (): void => {
      const dx = tf
        .engine()
        .runKernel(tf.Conv2DBackpropInput, { dy, filter }, attrs as unknown as tf.NamedAttrMap);
      (dx as tf.Tensor).dispose();
    };
    const { before, after } = footprintOfRepeats(call);
    expect(after).toEqual(before);
    tf.dispose([dy, filter]);
  });
});
