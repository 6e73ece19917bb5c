import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendError } from '../backend-error.js';
import { createRng } from '../random.js';
import { setUpCpuAndWasm } from '../test-utils/backends.js';
import { maxRelativeError, normalArray } from '../test-utils/compare.js';
import { footprintOfRepeats } from '../test-utils/footprint.js';

interface Case {
  xShape: number[];
  idShape: number[];
  numSegments: number;
  /** Also use ids outside [0, numSegments), which must be dropped. */
  outOfRange?: boolean;
  dtype?: 'float32' | 'int32';
}

const errors: number[] = [];

/** Independent float64 reference: out[k] = Σ_{ids[i] = k} x[i], ids outside [0, n) dropped. */
function reference(c: Case, xVals: Float32Array, ids: Int32Array): Float64Array {
  const sliceSize = c.xShape.slice(c.idShape.length).reduce((a, b) => a * b, 1);
  const out = new Float64Array(c.numSegments * sliceSize);
  ids.forEach((k, i) => {
    if (k < 0 || k >= c.numSegments) return;
    for (let j = 0; j < sliceSize; j++) {
      out[k * sliceSize + j] =
        (out[k * sliceSize + j] as number) + (xVals[i * sliceSize + j] as number);
    }
  });
  return out;
}

function run(c: Case, xVals: Float32Array, ids: Int32Array): Float32Array | Int32Array {
  return tf.tidy(() => {
    const x = tf.tensor(xVals, c.xShape, c.dtype ?? 'float32');
    const segmentIds = tf.tensor(ids, c.idShape, 'int32');
    const out = tf.engine().runKernel(
      tf.UnsortedSegmentSum,
      { x, segmentIds },
      {
        numSegments: c.numSegments,
      },
    ) as tf.Tensor;
    expect(out.shape).toEqual([c.numSegments, ...c.xShape.slice(c.idShape.length)]);
    return out.dataSync() as Float32Array | Int32Array;
  });
}

async function check(c: Case, seed: number): Promise<void> {
  const rng = createRng(seed);
  const size = c.xShape.reduce((a, b) => a * b, 1);
  const xVals = normalArray(rng, size);
  if (c.dtype === 'int32')
    for (let i = 0; i < size; i++) xVals[i] = Math.round(10 * (xVals[i] as number));
  const ids = new Int32Array(c.idShape.reduce((a, b) => a * b, 1));
  const lo = c.outOfRange ? -2 : 0;
  const span = c.numSegments + (c.outOfRange ? 4 : 0);
  for (let i = 0; i < ids.length; i++) ids[i] = lo + rng.int(span);
  await tf.setBackend('wasm');
  const actual = run(c, xVals, ids);
  const refErr = maxRelativeError(actual, reference(c, xVals, ids));
  expect(refErr, `${JSON.stringify(c)} vs float64`).toBeLessThan(1e-5);
  // tfjs-cpu mishandles segmentIds of rank > 1 (it broadcasts them wrongly), so
  // those cases are checked against the float64 reference only.
  if (c.idShape.length === 1) {
    await tf.setBackend('cpu');
    const expected = run(c, xVals, ids);
    const err = maxRelativeError(actual, expected);
    errors.push(err);
    expect(err, `${JSON.stringify(c)} vs cpu`).toBeLessThan(1e-4);
  }
}

const cases: Case[] = [
  { xShape: [1, 4], idShape: [1], numSegments: 3 },
  { xShape: [50, 8], idShape: [50], numSegments: 5 },
  { xShape: [300, 32], idShape: [300], numSegments: 128 },
  { xShape: [40, 3, 5], idShape: [40], numSegments: 7 },
  { xShape: [6, 5, 4], idShape: [6, 5], numSegments: 9 },
  { xShape: [30], idShape: [30], numSegments: 4 },
  { xShape: [64, 16], idShape: [64], numSegments: 10, outOfRange: true },
  { xShape: [20, 6], idShape: [20], numSegments: 4, dtype: 'int32' },
  { xShape: [0, 6], idShape: [0], numSegments: 4 },
];

describe('UnsortedSegmentSum on wasm vs cpu', () => {
  beforeAll(async () => {
    await setUpCpuAndWasm();
  });
  afterAll(() => {
    console.info(
      `UnsortedSegmentSum: ${errors.length} cases, max relative error ${Math.max(...errors).toExponential(2)}`,
    );
  });

  it('is registered for wasm only by this package', () => {
    expect(tf.getKernel(tf.UnsortedSegmentSum, 'wasm')).toBeDefined();
  });

  it.each(cases.map((c, i) => [JSON.stringify(c), c, i] as const))(
    'matches cpu: %s',
    async (_n, c, i) => {
      await check(c, 100 + i);
    },
  );

  it('sums duplicates and drops out-of-range ids (hand-checked)', async () => {
    await tf.setBackend('wasm');
    const out = tf.unsortedSegmentSum(
      tf.tensor2d([
        [1, 2],
        [3, 4],
        [5, 6],
        [7, 8],
        [9, 10],
      ]),
      tf.tensor1d([0, 2, 0, 7, -1], 'int32'),
      3,
    );
    expect(Array.from(out.dataSync())).toEqual([6, 8, 0, 0, 3, 4]);
    out.dispose();
  });

  it('keeps int32 values int32 (TensorFlow semantics; tfjs-cpu returns float32)', async () => {
    await tf.setBackend('wasm');
    const out = tf.unsortedSegmentSum(
      tf.tensor1d([1, 2, 3], 'int32'),
      tf.tensor1d([1, 1, 0], 'int32'),
      2,
    );
    expect(out.dtype).toBe('int32');
    expect(Array.from(out.dataSync())).toEqual([3, 3]);
    out.dispose();
  });

  // The indices are computed outside the differentiated function: in tfjs 4.22 a
  // gather whose indices depend on the differentiated tensor fails on every backend
  // ("gradient of input indices must have 'float32' dtype").
  it('gives the gradient of tf.gather (a codebook lookup) like cpu', async () => {
    const rng = createRng(11);
    const codebook = normalArray(rng, 16 * 4);
    const z = normalArray(rng, 50 * 4);
    const grads = (): Float32Array =>
      tf.tidy(() => {
        const cb = tf.tensor2d(codebook, [16, 4]);
        const zt = tf.tensor2d(z, [50, 4]);
        const d = tf.sum(tf.square(tf.sub(tf.expandDims(zt, 1), tf.expandDims(cb, 0))), 2);
        const nearest = tf.argMin(d, 1);
        const f = (c: tf.Tensor): tf.Scalar => tf.sum(tf.square(tf.sub(zt, tf.gather(c, nearest))));
        return tf.grad(f)(cb).dataSync() as Float32Array;
      });
    await tf.setBackend('cpu');
    const expected = grads();
    await tf.setBackend('wasm');
    const actual = grads();
    const err = maxRelativeError(actual, expected);
    errors.push(err);
    expect(err).toBeLessThan(1e-4);
    expect(expected.some((v) => v !== 0)).toBe(true);
  });

  it('rejects a float32 segmentIds tensor with a typed error', async () => {
    await tf.setBackend('wasm');
    const x = tf.ones([3, 2]);
    const ids = tf.tensor1d([0, 1, 1], 'float32');
    expect(() =>
      tf.engine().runKernel(tf.UnsortedSegmentSum, { x, segmentIds: ids }, { numSegments: 2 }),
    ).toThrow(BackendError);
    tf.dispose([x, ids]);
  });

  it('leaks no tensors and no wasm memory over 50 calls', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2000, 64], 0, 1, 'float32', 5);
    const ids = tf.randomUniform([2000], 0, 512, 'int32', 6);
    const call = (): void => {
      const out = tf
        .engine()
        .runKernel(
          tf.UnsortedSegmentSum,
          { x, segmentIds: ids },
          { numSegments: 512 },
        ) as tf.Tensor;
      out.dispose();
    };
    const { before, after } = footprintOfRepeats(call);
    expect(after).toEqual(before);
    tf.dispose([x, ids]);
  });
});
