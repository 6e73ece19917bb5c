/**
 * Every native kernel against the same computation on the wasm backend without native
 * kernels and on the cpu backend (an independent JavaScript implementation): values and
 * gradients, odd shapes, strides, paddings, dilations, batch 1 and batches large enough to
 * run the convolutions in several chunks; Adam to the bit; no leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { createRng } from '../random.js';
import { maxRelativeError, normalArray } from '../test-utils/compare.js';
import { footprintOfRepeats } from '../test-utils/footprint.js';
import { createAdam } from './adam.js';

type Runtime = 'native' | 'wasm' | 'cpu';

/** tfjs types Adam's argument as variables; gradients are plain tensors keyed by variable name. */
const asGradients = (g: tf.NamedTensorMap) =>
  g as unknown as Parameters<tf.AdamOptimizer['applyGradients']>[0];

let nativeKernels: string[] = [];

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
  const info = await initBackend({ prefer: 'wasm' });
  nativeKernels = info.native?.kernels ?? [];
});

/** Runs `f` on a runtime; returns its outputs' values (the backend is left on native wasm). */
async function on(runtime: Runtime, f: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  if (runtime === 'cpu') await tf.setBackend('cpu');
  else await initBackend({ prefer: 'wasm', native: runtime === 'native' });
  try {
    return tf.tidy(() => {
      const out = f();
      return (Array.isArray(out) ? out : [out]).map((t) => t.dataSync() as Float32Array);
    });
  } finally {
    await initBackend({ prefer: 'wasm' });
  }
}

/** Asserts native ≈ wasm ≈ cpu for every output of `f`. */
async function expectSameEverywhere(
  f: () => tf.Tensor | tf.Tensor[],
  tolerance = 1e-5,
  { wasmToo = true } = {},
): Promise<void> {
  const native = await on('native', f);
  const wasm = await on('wasm', f);
  const cpu = await on('cpu', f);
  expect(native.length).toBe(cpu.length);
  native.forEach((values, i) => {
    expect(values.length).toBe((cpu[i] as Float32Array).length);
    if (wasmToo) {
      expect(maxRelativeError(values, wasm[i] as Float32Array)).toBeLessThan(tolerance);
    }
    expect(maxRelativeError(values, cpu[i] as Float32Array)).toBeLessThan(tolerance);
  });
}

function input(seed: number, shape: number[]): tf.Tensor {
  return tf.tensor(normalArray(createRng(seed), tf.util.sizeFromShape(shape)), shape);
}

describe('native kernels: installed', () => {
  it('initBackend reports the native kernels, and native: false removes them', async () => {
    expect(nativeKernels).toEqual(
      expect.arrayContaining([
        'BatchMatMul',
        '_FusedMatMul',
        'Conv2D',
        'FusedConv2D',
        'Conv2DBackpropInput',
        'Conv2DBackpropFilter',
        'Sum',
        'MaxPoolGrad',
        'ResizeNearestNeighborGrad',
        'ResizeNearestNeighbor',
        'Add',
        'AeAdamUpdate',
        'AeBinaryCrossEntropyWithLogits',
        'AeReluGrad',
      ]),
    );
    const off = await initBackend({ prefer: 'wasm', native: false });
    expect(off.native?.active).toBe(false);
    expect(off.native?.note).toMatch(/native: false/);
    expect(tf.getKernel('AeAdamUpdate', 'wasm')).toBeUndefined();
    const on2 = await initBackend({ prefer: 'wasm' });
    expect(on2.native?.kernels).toEqual(nativeKernels);
  });

  it('AE_NATIVE_KERNELS=0 keeps the wasm kernels unless native is asked for', async () => {
    process.env.AE_NATIVE_KERNELS = '0';
    try {
      const off = await initBackend({ prefer: 'wasm' });
      expect(off.native).toEqual({
        active: false,
        kernels: [],
        note: 'native kernels off: AE_NATIVE_KERNELS=0',
      });
      expect((await initBackend({ prefer: 'wasm', native: true })).native?.active).toBe(true);
    } finally {
      delete process.env.AE_NATIVE_KERNELS;
      await initBackend({ prefer: 'wasm' });
    }
  });
});

describe('native matrix products', () => {
  const products: Array<[number[], number[], boolean, boolean]> = [
    [[1, 5], [5, 1], false, false],
    [[7, 13], [13, 3], false, false],
    [[13, 7], [13, 3], true, false],
    [[7, 13], [3, 13], false, true],
    [[13, 7], [3, 13], true, true],
    [[128, 784], [128, 32], true, false],
    [[128, 32], [784, 32], false, true],
    [[3, 4, 6], [3, 6, 5], false, false],
    [[3, 6, 4], [1, 5, 6], true, true],
    [[2, 3, 4, 6], [6, 5], false, false],
    [[4, 6], [2, 6, 5], false, false],
  ];
  it.each(products)('matMul %j · %j (transposeA %s, transposeB %s)', async (as, bs, ta, tb) => {
    await expectSameEverywhere(() => tf.matMul(input(1, as), input(2, bs), ta, tb));
  });

  it.each([
    ['relu', [40], false],
    ['linear', [40], false],
    ['relu', [1], false],
    ['elu', [40], false],
    ['relu', [40], true],
    ['linear', [1], true],
  ] as const)(
    'fused matMul, activation %s, bias %j, transposeB %s',
    async (activation, biasShape, transposeB) => {
      await expectSameEverywhere(
        () =>
          tf.fused.matMul({
            a: input(3, [33, 17]),
            b: input(4, transposeB ? [40, 17] : [17, 40]),
            transposeB,
            bias: input(5, [...biasShape]),
            activation,
          }),
        1e-5,
        // tfjs-backend-wasm 4.22's own _FusedMatMul adds the bias wrongly with transposeB
        // (rows after the first get bias[last]) and with a one-element bias: there only cpu
        // is the reference.
        { wasmToo: !transposeB && biasShape[0] !== 1 },
      );
    },
  );

  it('tfjs-backend-wasm 4.22 _FusedMatMul with transposeB misplaces the bias; native follows cpu', async () => {
    const f = () =>
      tf.fused.matMul({
        a: tf.ones([2, 3]),
        b: tf.ones([4, 3]),
        transposeB: true,
        bias: tf.tensor1d([1, 2, 3, 4]),
      });
    expect(Array.from((await on('native', f))[0] as Float32Array)).toEqual([
      4, 5, 6, 7, 4, 5, 6, 7,
    ]);
    expect(Array.from((await on('cpu', f))[0] as Float32Array)).toEqual([4, 5, 6, 7, 4, 5, 6, 7]);
    expect(Array.from((await on('wasm', f))[0] as Float32Array)).not.toEqual([
      4, 5, 6, 7, 4, 5, 6, 7,
    ]);
  });

  it('dense-layer gradients (x, W, bias) through fused matMul + relu', async () => {
    await expectSameEverywhere(() => {
      const x = input(6, [19, 11]);
      const w = input(7, [11, 9]);
      const b = input(8, [9]);
      const dy = input(9, [19, 9]);
      return tf.grads((xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) =>
        tf.fused.matMul({
          a: xs as tf.Tensor2D,
          b: ws as tf.Tensor2D,
          bias: bs,
          activation: 'relu',
        }),
      )([x, w, b], dy);
    });
  });
});

interface ConvCase {
  x: [number, number, number, number];
  k: [number, number];
  co: number;
  stride: number;
  pad: 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
  dilation?: number;
}

const convCases: ConvCase[] = [
  // At most 4 output channels: the addon's direct loops (forward and filter gradient) over
  // 8-lane blocks of the input channels plus a tail (1, 3, 9, 17, 32 channels), with strides,
  // dilation, explicit padding and more output than input channels (1 → 3).
  { x: [1, 5, 5, 1], k: [3, 3], co: 1, stride: 1, pad: 'same' },
  { x: [2, 7, 6, 1], k: [3, 3], co: 3, stride: 1, pad: 'same' },
  { x: [3, 9, 9, 9], k: [3, 3], co: 2, stride: 2, pad: 'same' },
  { x: [2, 10, 7, 17], k: [5, 3], co: 4, stride: 1, pad: 'valid', dilation: 2 },
  {
    x: [2, 6, 7, 32],
    k: [3, 3],
    co: 1,
    stride: 1,
    pad: [
      [0, 0],
      [2, 0],
      [1, 2],
      [0, 0],
    ],
  },
  // Few input channels into many outputs (im2col with a short k): 1 → 32 as a grey image's
  // first layer, 2 → 64 strided, 3 → 24 with a 5×5 filter, 4 → 72.
  { x: [2, 9, 8, 1], k: [3, 3], co: 32, stride: 1, pad: 'same' },
  { x: [2, 6, 6, 2], k: [3, 3], co: 64, stride: 2, pad: 'same' },
  { x: [3, 7, 7, 3], k: [5, 5], co: 24, stride: 1, pad: 'valid' },
  { x: [2, 5, 5, 4], k: [3, 3], co: 72, stride: 1, pad: 'same' },
  // 40 images of 28×28×32 into one channel (a decoder's output layer): the filter gradient
  // sums 31,360 pixels per weight.
  { x: [40, 28, 28, 32], k: [3, 3], co: 1, stride: 1, pad: 'same' },
  { x: [3, 9, 7, 3], k: [3, 2], co: 9, stride: 2, pad: 'same' },
  { x: [2, 9, 9, 4], k: [3, 3], co: 8, stride: 2, pad: 'valid' },
  { x: [2, 8, 8, 3], k: [5, 5], co: 8, stride: 1, pad: 'same', dilation: 2 },
  {
    x: [2, 6, 7, 2],
    k: [3, 3],
    co: 10,
    stride: 1,
    pad: [
      [0, 0],
      [2, 0],
      [1, 2],
      [0, 0],
    ],
  },
  { x: [4, 6, 6, 8], k: [1, 1], co: 12, stride: 1, pad: 'valid' },
  { x: [5, 7, 7, 6], k: [7, 7], co: 8, stride: 1, pad: 'valid' },
  // 40 images of 28×28×16 with a 3×3 filter: the im2col columns take several chunks.
  { x: [40, 28, 28, 16], k: [3, 3], co: 8, stride: 1, pad: 'same' },
];

const convLabel = (c: ConvCase) =>
  `x=[${c.x.join(',')}] k=${c.k.join('×')} co=${c.co} s=${c.stride} pad=${JSON.stringify(c.pad)} d=${c.dilation ?? 1}`;

describe('native convolutions', () => {
  it.each(convCases.map((c) => [convLabel(c), c] as const))('conv2d %s', async (_, c) => {
    await expectSameEverywhere(() =>
      tf.conv2d(
        input(10, c.x) as tf.Tensor4D,
        input(11, [...c.k, c.x[3], c.co]) as tf.Tensor4D,
        c.stride,
        c.pad,
        'NHWC',
        c.dilation ?? 1,
      ),
    );
  });

  it.each(convCases.filter((c) => (c.dilation ?? 1) === 1).map((c) => [convLabel(c), c] as const))(
    'conv2d input and filter gradients %s',
    async (_, c) => {
      await expectSameEverywhere(() => {
        const x = input(12, c.x);
        const w = input(13, [...c.k, c.x[3], c.co]);
        const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad);
        const dy = input(14, y.shape);
        return tf.grads((xs: tf.Tensor, ws: tf.Tensor) =>
          tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, c.stride, c.pad),
        )([x, w], dy);
      }, 2e-5);
    },
  );

  it('fused conv2d with bias and relu, and conv2dTranspose (decoder shapes)', async () => {
    await expectSameEverywhere(() => [
      tf.fused.conv2d({
        x: input(22, [3, 14, 14, 32]) as tf.Tensor4D,
        filter: input(23, [3, 3, 32, 1]) as tf.Tensor4D,
        pad: 'same',
        strides: 1,
        bias: input(24, [1]),
        activation: 'relu',
      }),
      tf.fused.conv2d({
        x: input(15, [3, 14, 14, 16]) as tf.Tensor4D,
        filter: input(16, [3, 3, 16, 32]) as tf.Tensor4D,
        strides: 2,
        pad: 'same',
        bias: input(17, [32]),
        activation: 'relu',
      }),
      tf.conv2dTranspose(
        input(18, [4, 1, 1, 64]) as tf.Tensor4D,
        input(19, [7, 7, 32, 64]) as tf.Tensor4D,
        [4, 7, 7, 32],
        1,
        'valid',
      ),
      tf.conv2dTranspose(
        input(20, [4, 7, 7, 32]) as tf.Tensor4D,
        input(21, [3, 3, 16, 32]) as tf.Tensor4D,
        [4, 14, 14, 16],
        2,
        'same',
      ),
    ]);
  });
});

describe('native reductions, pooling and upsampling gradients', () => {
  it('Sum over leading axes (bias gradients), with and without keepDims; trailing axes', async () => {
    await expectSameEverywhere(() => {
      const x = input(22, [6, 5, 4, 3]);
      return [
        tf.sum(x, [0, 1, 2]),
        tf.sum(x, [0, 1], true),
        tf.sum(x, 0),
        tf.sum(x, [2, 3]),
        tf.sum(x, [1, 0]),
        tf.sum(input(23, [1, 7]), 0),
      ];
    });
  });

  it('Sum over trailing axes, all axes (losses per example, totals) and middle axes (block sums)', async () => {
    await expectSameEverywhere(() => {
      const x = input(24, [6, 5, 4, 3]);
      // 2,503 per row: two full blocks of 1,024, a partial one, and a tail of 7 (not ×8).
      const long = input(25, [3, 2503]);
      return [
        tf.sum(x, [1, 2, 3]),
        tf.sum(x, [3, 2], true),
        tf.sum(x),
        tf.sum(x, undefined, true),
        tf.sum(x, 1),
        tf.sum(x, [1, 2]),
        tf.sum(x, [2, 1], true),
        tf.sum(input(27, [4, 130, 3]), 1),
        tf.sum(long, 1),
        tf.sum(long),
        tf.sum(input(26, [5]), 0),
      ];
    }, 2e-5);
  });

  it.each([
    [[1, 4, 4, 1], 2, 2, 'valid'],
    [[3, 7, 9, 5], 3, 2, 'same'],
    [[2, 6, 6, 4], 2, 1, 'valid'],
  ] as const)('maxPool gradient x=%j window %d stride %d %s', async (shape, f, s, pad) => {
    await expectSameEverywhere(() => {
      // Negative values and ties: windows whose maximum is ≤ 0 and repeated maxima.
      const x = tf.round(tf.mul(input(24, [...shape]), 2));
      const y = tf.maxPool(x as tf.Tensor4D, f, s, pad);
      const dy = input(25, y.shape);
      return tf.grad((xs: tf.Tensor) => tf.maxPool(xs as tf.Tensor4D, f, s, pad))(x, dy);
    });
  });

  it.each([
    [[2, 3, 4, 5], [6, 8], false, false],
    [[1, 7, 7, 16], [14, 14], false, false],
    [[2, 3, 5, 2], [7, 4], true, false],
    [[2, 3, 5, 2], [7, 11], false, true],
  ] as const)(
    'resizeNearestNeighbor gradient x=%j to %j (alignCorners %s, halfPixelCenters %s)',
    async (shape, size, align, half) => {
      await expectSameEverywhere(() => {
        const x = input(26, [...shape]);
        const resize = (xs: tf.Tensor) =>
          tf.image.resizeNearestNeighbor(xs as tf.Tensor4D, [...size], align, half);
        const dy = input(27, resize(x).shape);
        return tf.grad(resize)(x, dy);
      });
    },
  );
});

describe('native tiled max-pool gradient, upsampling, bias add and relu gradient', () => {
  it.each([
    [[2, 6, 8, 5], 2],
    [[1, 9, 9, 3], 3],
    [[3, 4, 4, 33], 2],
  ] as const)('maxPool gradient x=%j, windows %d tiling the input', async (shape, f) => {
    await expectSameEverywhere(() => {
      // Rounded values: ties inside windows, windows whose maximum is ≤ 0.
      const x = tf.round(tf.mul(input(70, [...shape]), 1.5));
      const pool = (xs: tf.Tensor) => tf.maxPool(xs as tf.Tensor4D, f, f, 'valid');
      const dy = input(71, pool(x).shape);
      return tf.grad(pool)(x, dy);
    });
  });

  it('maxPool gradient of windows that are all −∞ or hold a NaN: as the wasm kernels', async () => {
    const f = () => {
      const x = tf.tensor4d(
        [-Infinity, -Infinity, -Infinity, -Infinity, 1, Number.NaN, 1, 2],
        [1, 2, 4, 1],
      );
      const pool = (xs: tf.Tensor) => tf.maxPool(xs as tf.Tensor4D, 2, 2, 'valid');
      return tf.grad(pool)(x, tf.tensor4d([5, 7], [1, 1, 2, 1]));
    };
    const [native] = await on('native', f);
    const [wasm] = await on('wasm', f);
    expect(Array.from(native as Float32Array)).toEqual(Array.from(wasm as Float32Array));
  });

  it.each([
    [
      [2, 3, 4, 5],
      [6, 8],
    ],
    [
      [1, 7, 7, 16],
      [14, 14],
    ],
    [
      [2, 3, 5, 2],
      [12, 5],
    ],
    [
      [2, 3, 4, 5],
      [9, 12],
    ],
    [
      [2, 5, 3, 2],
      [7, 4],
    ],
  ] as const)(
    'resizeNearestNeighbor x=%j to %j (powers of two natively, others by wasm)',
    async (shape, size) => {
      await expectSameEverywhere(
        () => tf.image.resizeNearestNeighbor(input(72, [...shape]) as tf.Tensor4D, [...size]),
        1e-12,
      );
    },
  );

  it('resizeNearestNeighbor with alignCorners or halfPixelCenters goes to wasm, same values', async () => {
    await expectSameEverywhere(
      () => [
        tf.image.resizeNearestNeighbor(input(73, [2, 3, 4, 2]) as tf.Tensor4D, [6, 8], true),
        tf.image.resizeNearestNeighbor(input(74, [2, 3, 4, 2]) as tf.Tensor4D, [6, 8], false, true),
      ],
      1e-12,
    );
  });

  it('add of a bias along the last axis (natively) and other broadcasts (wasm)', async () => {
    await expectSameEverywhere(
      () => [
        tf.add(input(75, [6, 5, 4, 3]), input(76, [3])),
        tf.add(input(77, [128, 14, 14, 16]), input(78, [1, 1, 1, 16])),
        tf.add(input(79, [7, 13]), input(80, [13])),
        tf.add(input(81, [13]), input(82, [7, 13])),
        tf.add(input(83, [7, 13]), input(84, [7, 13])),
        tf.add(input(85, [7, 13]), input(86, [7, 1])),
        tf.add(input(87, [7, 13]), tf.scalar(2)),
      ],
      1e-12,
    );
  });

  it('relu gradient: the same bits as tfjs-core’s formula, NaN, ±0 and infinite dy included', async () => {
    const f = () => {
      const x = tf.tensor1d([1.5, -2, 0, -0, Number.NaN, 3, -1, 2, 0.25]);
      const dy = tf.tensor1d([
        2,
        3,
        -4,
        5,
        6,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        -0,
        -7,
      ]);
      return tf.grad((xs: tf.Tensor) => tf.relu(xs))(x, dy);
    };
    const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer.slice(0)));
    const [native] = await on('native', f);
    const [wasm] = await on('wasm', f);
    const [cpu] = await on('cpu', f);
    expect(bits(native as Float32Array)).toEqual(bits(wasm as Float32Array));
    expect(bits(native as Float32Array)).toEqual(bits(cpu as Float32Array));
    await expectSameEverywhere(() => {
      const x = input(88, [4, 9, 9, 7]);
      return tf.grad((xs: tf.Tensor) => tf.sum(tf.mul(tf.relu(xs), input(89, [4, 9, 9, 7]))))(x);
    }, 1e-12);
  });

  it('the Relu gradient: ours with native kernels, the previous one without, ours again after a re-registration', async () => {
    await initBackend({ prefer: 'wasm' });
    const ours = tf.getGradient(tf.Relu);
    await initBackend({ prefer: 'wasm', native: false });
    const restored = tf.getGradient(tf.Relu);
    expect(restored).toBeDefined();
    expect(restored).not.toBe(ours);
    await initBackend({ prefer: 'wasm' });
    expect(tf.getGradient(tf.Relu)).toBe(ours);
    // A module that registers tfjs-core's gradients later (tfjs-layers does on import):
    tf.unregisterGradient(tf.Relu);
    tf.registerGradient(restored as tf.GradConfig);
    await initBackend({ prefer: 'wasm' });
    expect(tf.getGradient(tf.Relu)).toBe(ours);
  });

  it('relu gradient of a gradient (linear in dy): natively as by the formula', async () => {
    await expectSameEverywhere(() => {
      const x = input(90, [5, 11]);
      const w = input(91, [5, 11]);
      const reluGrad = (dy: tf.Tensor) => tf.grad((xs: tf.Tensor) => tf.relu(xs))(x, dy);
      return tf.grad((dy: tf.Tensor) => tf.sum(tf.mul(reluGrad(dy), w)))(input(92, [5, 11]));
    }, 1e-12);
  });
});

describe('native Adam', () => {
  async function adamSteps(runtime: Runtime, fused: boolean): Promise<Float32Array[]> {
    const run = async () => {
      const w = tf.variable(input(28, [37, 11]));
      const b = tf.variable(input(29, [11]));
      const optimizer = fused ? createAdam(0.01) : tf.train.adam(0.01);
      for (let step = 0; step < 4; step++) {
        const gradients = tf.tidy(() =>
          tf.variableGrads(
            () =>
              tf.sum(tf.square(tf.add(tf.matMul(input(30 + step, [5, 37]), w), b))) as tf.Scalar,
            [w, b],
          ),
        );
        optimizer.applyGradients(asGradients(gradients.grads));
        tf.dispose([gradients.value, ...Object.values(gradients.grads)]);
      }
      const out = [w.dataSync() as Float32Array, b.dataSync() as Float32Array];
      const weights = await optimizer.getWeights();
      expect(weights.map((nt) => nt.name)).toEqual(
        expect.arrayContaining([`${w.name}/m`, `${b.name}/v`]),
      );
      tf.dispose([w, b]);
      optimizer.dispose();
      return out;
    };
    if (runtime === 'cpu') await tf.setBackend('cpu');
    else await initBackend({ prefer: 'wasm', native: runtime === 'native' });
    try {
      return await run();
    } finally {
      await initBackend({ prefer: 'wasm' });
    }
  }

  it('one kernel per variable gives the same bits as tfjs Adam (wasm) and cpu to float32', async () => {
    const nativeFused = await adamSteps('native', true);
    const wasmPlain = await adamSteps('wasm', false);
    const cpuFused = await adamSteps('cpu', true);
    nativeFused.forEach((values, i) => {
      // The products differ in summation order between kernels; compare the update itself
      // on identical gradients below. Here: the whole chain agrees to float32.
      expect(maxRelativeError(values, wasmPlain[i] as Float32Array)).toBeLessThan(1e-5);
      expect(maxRelativeError(values, cpuFused[i] as Float32Array)).toBeLessThan(1e-5);
    });
  });

  it('the update kernel itself is bit-identical to tfjs Adam on the same gradients', async () => {
    const steps = (fused: boolean) => {
      const w = tf.variable(input(40, [300]));
      const optimizer = fused ? createAdam(0.003) : tf.train.adam(0.003);
      for (let step = 0; step < 5; step++) {
        const g = input(41 + step, [300]);
        optimizer.applyGradients(asGradients({ [w.name]: g }));
        g.dispose();
      }
      const out = w.dataSync().slice();
      w.dispose();
      optimizer.dispose();
      return out;
    };
    await initBackend({ prefer: 'wasm' });
    expect(Array.from(steps(true))).toEqual(Array.from(steps(false)));
  });
});

describe('native Adam: subnormal moments', () => {
  it('flushes moments below 1.2e-38 to zero (tfjs keeps them subnormal); the weights keep the same bits', async () => {
    await initBackend({ prefer: 'wasm' });
    const run = (fused: boolean) => {
      const w = tf.variable(input(95, [64]));
      const optimizer = fused ? createAdam(0.01) : tf.train.adam(0.01);
      const once = input(96, [64]);
      const zero = tf.zeros([64]);
      // One gradient, then none: the first moment shrinks by β1 = 0.9 per step and is
      // subnormal after ~810 steps.
      for (let step = 0; step < 900; step++) {
        optimizer.applyGradients(asGradients({ [w.name]: step === 0 ? once : zero }));
      }
      const weights = w.dataSync().slice();
      return optimizer.getWeights().then((named) => {
        const m = named
          .find((nt) => nt.name === `${w.name}/m`)
          ?.tensor.dataSync()
          .slice();
        tf.dispose([w, once, zero]);
        optimizer.dispose();
        return { weights, m: m as Float32Array };
      });
    };
    const native = await run(true);
    const plain = await run(false);
    const subnormal = (v: number) => v !== 0 && Math.abs(v) < 1.1754944e-38;
    expect(Array.from(plain.m).filter(subnormal).length).toBeGreaterThan(0);
    expect(Array.from(native.m).filter(subnormal)).toEqual([]);
    native.m.forEach((v, i) => {
      const p = plain.m[i] as number;
      expect(v === p || (v === 0 && subnormal(p))).toBe(true);
    });
    expect(Array.from(native.weights)).toEqual(Array.from(plain.weights));
  });
});

describe('native kernels: memory', () => {
  it('repeated products, convolutions, gradients and Adam steps leak nothing', async () => {
    await initBackend({ prefer: 'wasm' });
    const x = input(50, [8, 12, 12, 3]);
    const w = tf.variable(input(51, [3, 3, 3, 4]));
    const bias = tf.variable(input(52, [4]));
    const optimizer = createAdam(0.001);
    const { before, after } = footprintOfRepeats(() => {
      const { value, grads } = tf.variableGrads(
        () =>
          tf.sum(
            tf.image.resizeNearestNeighbor(
              tf.maxPool(
                tf.relu(
                  tf.add(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'), bias),
                ) as tf.Tensor4D,
                2,
                2,
                'valid',
              ),
              [12, 12],
            ),
          ) as tf.Scalar,
        [w, bias],
      );
      optimizer.applyGradients(asGradients(grads));
      tf.dispose([value, ...Object.values(grads)]);
    });
    expect(after).toEqual(before);
    tf.dispose([x, w, bias]);
    optimizer.dispose();
  });
});

describe('native kernels: a short training run', () => {
  /** A small conv autoencoder (conv, pool, upsample, dense), 6 Adam steps; the losses. */
  async function train(runtime: Runtime): Promise<number[]> {
    if (runtime === 'cpu') await tf.setBackend('cpu');
    else await initBackend({ prefer: 'wasm', native: runtime === 'native' });
    try {
      const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
      const model = tfl.sequential({
        layers: [
          tfl.layers.conv2d({
            inputShape: [12, 12, 1],
            filters: 8,
            kernelSize: 3,
            padding: 'same',
            activation: 'relu',
            kernelInitializer: init(1),
          }),
          tfl.layers.maxPooling2d({ poolSize: 2 }),
          tfl.layers.conv2d({
            filters: 4,
            kernelSize: 3,
            strides: 2,
            padding: 'same',
            activation: 'relu',
            kernelInitializer: init(2),
          }),
          tfl.layers.flatten(),
          tfl.layers.dense({ units: 16, activation: 'relu', kernelInitializer: init(3) }),
          tfl.layers.dense({ units: 144, kernelInitializer: init(4) }),
          tfl.layers.reshape({ targetShape: [6, 6, 4] }),
          tfl.layers.upSampling2d({ size: [2, 2] }),
          tfl.layers.conv2d({
            filters: 1,
            kernelSize: 3,
            padding: 'same',
            kernelInitializer: init(5),
          }),
        ],
      });
      const optimizer = createAdam(0.01);
      const x = tf.sigmoid(input(60, [16, 12, 12, 1]));
      const losses: number[] = [];
      for (let step = 0; step < 6; step++) {
        const loss = optimizer.minimize(
          () => tf.mean(tf.square(tf.sub(model.apply(x) as tf.Tensor, x))) as tf.Scalar,
          true,
        ) as tf.Scalar;
        losses.push(loss.dataSync()[0] as number);
        loss.dispose();
      }
      x.dispose();
      model.dispose();
      optimizer.dispose();
      return losses;
    } finally {
      await initBackend({ prefer: 'wasm' });
    }
  }

  it('gives the losses of wasm and cpu to float32 tolerance', async () => {
    const native = await train('native');
    const wasm = await train('wasm');
    const cpu = await train('cpu');
    expect(native[5]).toBeLessThan(native[0] as number);
    expect(maxRelativeError(native, wasm)).toBeLessThan(1e-4);
    expect(maxRelativeError(native, cpu)).toBeLessThan(1e-4);
  });
});

describe('wasm Identity without a copy', () => {
  it('a clone keeps its values after the original is disposed, and leaks nothing', async () => {
    await initBackend({ prefer: 'wasm' });
    expect((await initBackend({ prefer: 'wasm' })).replacedKernels).toContain('Identity');
    const x = input(70, [3, 4]);
    const want = Array.from(x.dataSync());
    const y = tf.clone(x);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual(want);
    const z = tf.add(y, 1);
    expect(Array.from(z.dataSync())).toEqual(want.map((v) => Math.fround(v + 1)));
    const { before, after } = footprintOfRepeats(() => tf.dispose(tf.clone(y)));
    expect(after).toEqual(before);
    tf.dispose([y, z]);
  });
});

describe('wasm same-dtype Cast without a copy', () => {
  it('shares the data, keeps the values after the original is disposed; real casts still convert', async () => {
    expect((await initBackend({ prefer: 'wasm' })).replacedKernels).toContain('Cast');
    const x = input(71, [5, 3]);
    const want = Array.from(x.dataSync());
    const y = tf.cast(x, 'float32');
    x.dispose();
    expect(y.dtype).toBe('float32');
    expect(Array.from(y.dataSync())).toEqual(want);
    const asInt = tf.cast(tf.tensor1d([1.7, -2.2, 3]), 'int32');
    expect(asInt.dtype).toBe('int32');
    expect(Array.from(asInt.dataSync())).toEqual([1, -2, 3]);
    const { before, after } = footprintOfRepeats(() => tf.dispose(tf.cast(y, 'float32')));
    expect(after).toEqual(before);
    tf.dispose([y, asInt]);
  });
});

describe('native binary cross-entropy of logits', () => {
  it('matches float64 for the loss and its gradient σ(z) − t, including z = 0, tiny, huge and hard targets', async () => {
    await initBackend({ prefer: 'wasm' });
    const edges = [
      0, 1e-30, -1e-30, 1e-7, 40, -40, 3, -3, 87, -87, 88, -88, 100, -100, 1e30, -1e30,
    ];
    const n = 4005; // not a multiple of 8: the SIMD loop's tail runs too
    const z = tf.tidy(() =>
      tf.concat([tf.tensor1d(edges), tf.mul(input(80, [n - edges.length]), 12)]),
    );
    const t = tf.tidy(() =>
      tf.concat([
        tf.tensor1d(edges.map((_, i) => [0.3, 1, 0, 0.75][i % 4] as number)),
        tf.sigmoid(input(81, [n - edges.length])),
      ]),
    );
    const [loss, grad] = tf.engine().runKernel('AeBinaryCrossEntropyWithLogits', {
      target: t,
      logits: z,
    }) as tf.Tensor[];
    const zs = z.dataSync();
    const ts = t.dataSync();
    const want = Array.from(zs, (zi, i) => {
      const ti = ts[i] as number;
      return Math.max(zi, 0) - zi * ti + Math.log1p(Math.exp(-Math.abs(zi)));
    });
    const wantGrad = Array.from(zs, (zi, i) => 1 / (1 + Math.exp(-zi)) - (ts[i] as number));
    const got = Array.from((loss as tf.Tensor).dataSync());
    const gotGrad = Array.from((grad as tf.Tensor).dataSync());
    expect(got.length).toBe(n);
    got.forEach((g, i) => {
      expect(Math.abs(g - (want[i] as number))).toBeLessThanOrEqual(
        2e-6 * Math.abs(want[i] as number) + 1e-7,
      );
      expect(Math.abs((gotGrad[i] as number) - (wantGrad[i] as number))).toBeLessThanOrEqual(3e-7);
    });
    tf.dispose([z, t, loss as tf.Tensor, grad as tf.Tensor]);
  });
});
