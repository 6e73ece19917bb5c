import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../random.js';
import { onBackend, setUpCpuAndWasm } from '../test-utils/backends.js';
import { maxRelativeError, normalArray } from '../test-utils/compare.js';
import { footprintOfRepeats } from '../test-utils/footprint.js';
import { MIN_WORK, makeBatchMatMul, prefersTransposedCopy } from './batch-mat-mul.js';
import { kernelFixes, replaceFaultyKernels } from './kernel-fixes.js';

/** op(A) is m×k, op(B) is k×n; batch axes lead each input. */
interface Case {
  batchA: number[];
  batchB: number[];
  m: number;
  k: number;
  n: number;
}

const flags = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

const shapes = (c: Case, tA: boolean, tB: boolean): [number[], number[]] => [
  [...c.batchA, ...(tA ? [c.k, c.m] : [c.m, c.k])],
  [...c.batchB, ...(tB ? [c.n, c.k] : [c.k, c.n])],
];

const size = (dims: readonly number[]): number => dims.reduce((p, d) => p * d, 1);

/**
 * Float64 triple loop. Batch axes broadcast only as the cases use them: equal,
 * or one side a single matrix.
 */
function reference(
  c: Case,
  a: Float32Array,
  b: Float32Array,
  tA: boolean,
  tB: boolean,
): { values: Float64Array; shape: number[] } {
  const batchShape = size(c.batchA) >= size(c.batchB) ? c.batchA : c.batchB;
  const rank = Math.max(c.batchA.length, c.batchB.length);
  const outBatch = [...Array(rank - batchShape.length).fill(1), ...batchShape];
  const { m, k, n } = c;
  const batches = size(outBatch);
  const values = new Float64Array(batches * m * n);
  for (let t = 0; t < batches; t++) {
    const ia = size(c.batchA) === 1 ? 0 : t;
    const ib = size(c.batchB) === 1 ? 0 : t;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) {
          const av = a[ia * m * k + (tA ? p * m + i : i * k + p)] as number;
          const bv = b[ib * k * n + (tB ? j * k + p : p * n + j)] as number;
          sum += av * bv;
        }
        values[(t * m + i) * n + j] = sum;
      }
  }
  return { values, shape: [...outBatch, m, n] };
}

const cases: Case[] = [
  // Too small for the copy: every flag goes to the original.
  { batchA: [], batchB: [], m: 3, k: 5, n: 4 },
  // Odd sizes large enough for the composite.
  { batchA: [], batchB: [], m: 37, k: 19, n: 29 },
  // One row: transposeA goes to the composite, transposeB to the original.
  { batchA: [], batchB: [], m: 1, k: 64, n: 300 },
  { batchA: [], batchB: [], m: 300, k: 64, n: 3 },
  // Rank 3 and 4 holding one matrix: the composite swaps the last two axes only.
  { batchA: [1], batchB: [1], m: 24, k: 31, n: 40 },
  { batchA: [1, 1], batchB: [1], m: 20, k: 30, n: 33 },
  // Batched, and broadcast over the batch: the original.
  { batchA: [3], batchB: [3], m: 7, k: 9, n: 5 },
  { batchA: [1], batchB: [3], m: 6, k: 5, n: 7 },
  { batchA: [3], batchB: [1], m: 6, k: 5, n: 7 },
  { batchA: [], batchB: [2], m: 4, k: 6, n: 5 },
];

const label = (c: Case): string =>
  `[${[...c.batchA, c.m, c.k].join(',')}]·[${[...c.batchB, c.k, c.n].join(',')}]`;

let original: tf.KernelFunc;
const errors: number[] = [];

describe('BatchMatMul replacement on wasm', () => {
  beforeAll(async () => {
    // Keep wasm's own kernel, before the replacement takes its place in the registry.
    await import('@tensorflow/tfjs-backend-wasm');
    const config = tf.getKernel(tf.BatchMatMul, 'wasm');
    if (config === undefined) throw new Error('tfjs-backend-wasm registered no BatchMatMul');
    original = config.kernelFunc;
    await setUpCpuAndWasm();
  });
  afterAll(() => {
    console.info(
      `BatchMatMul: ${errors.length} comparisons, max relative error ${Math.max(...errors).toExponential(2)}`,
    );
  });

  it('is registered on wasm in place of the original, and not on cpu', async () => {
    await tf.setBackend('wasm');
    expect(replaceFaultyKernels('wasm')).toContain('BatchMatMul');
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')?.kernelFunc).not.toBe(original);
    const fix = kernelFixes.find((f) => f.kernelName === tf.BatchMatMul);
    expect(fix?.isFaulty(tf.backend())).toBe(true);
    expect(replaceFaultyKernels('cpu')).not.toContain('BatchMatMul');
  });

  it.each(cases.map((c, i) => [label(c), c, i] as const))(
    'matches a float64 loop, the original wasm kernel and cpu for all four transposes: %s',
    async (_name, c, i) => {
      const rng = createRng(100 + i);
      for (const [tA, tB] of flags) {
        const [aShape, bShape] = shapes(c, tA, tB);
        const aVals = normalArray(rng, size(aShape));
        const bVals = normalArray(rng, size(bShape));
        const expected = reference(c, aVals, bVals, tA, tB);
        const run = (): { values: Float32Array; shape: number[] } =>
          tf.tidy(() => {
            const out = tf.matMul(tf.tensor(aVals, aShape), tf.tensor(bVals, bShape), tA, tB);
            return { values: out.dataSync() as Float32Array, shape: out.shape };
          });
        const onCpu = await onBackend('cpu', run);
        await tf.setBackend('wasm');
        const actual = run();
        const fromOriginal = tf.tidy(() => {
          const backend = tf.backend();
          const out = original({
            inputs: { a: tf.tensor(aVals, aShape), b: tf.tensor(bVals, bShape) },
            backend,
            attrs: { transposeA: tA, transposeB: tB },
          }) as tf.TensorInfo;
          const values = Float32Array.from(backend.readSync(out.dataId) as Float32Array);
          backend.disposeData(out.dataId);
          return values;
        });
        const what = `${label(c)} transposeA=${tA} transposeB=${tB}`;
        expect(actual.shape, what).toEqual(expected.shape);
        expect(onCpu.shape, what).toEqual(expected.shape);
        for (const other of [expected.values, fromOriginal, onCpu.values]) {
          const err = maxRelativeError(actual.values, other);
          errors.push(err);
          expect(err, what).toBeLessThan(1e-5);
        }
      }
    },
  );

  it('routes by size: composite (flags off, input transposed) or original (as called)', async () => {
    await tf.setBackend('wasm');
    const seen: Array<{ a: number[]; b: number[]; tA: boolean; tB: boolean }> = [];
    const spy: tf.KernelFunc = (args) => {
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
      seen.push({ a: [...a.shape], b: [...b.shape], tA: transposeA, tB: transposeB });
      return original(args);
    };
    const kernel = makeBatchMatMul('wasm', spy);
    const call = (aShape: number[], bShape: number[], tA: boolean, tB: boolean): void =>
      tf.tidy(() => {
        const backend = tf.backend();
        const out = kernel({
          inputs: { a: tf.ones(aShape), b: tf.ones(bShape) },
          backend,
          attrs: { transposeA: tA, transposeB: tB },
        }) as tf.TensorInfo;
        // All-ones factors: every entry of the product is the inner size.
        const inner = tA ? (aShape.at(-2) as number) : (aShape.at(-1) as number);
        expect(new Set(backend.readSync(out.dataId) as Float32Array)).toEqual(new Set([inner]));
        backend.disposeData(out.dataId);
      });
    call([64, 40], [64, 24], true, false);
    call([24, 64], [40, 64], false, true);
    call([1, 64, 40], [1, 24, 64], true, true);
    call([256, 40], [256, 4], true, false); // 4 columns: the copy would not pay
    call([2, 64, 40], [2, 64, 24], true, false); // batched
    call([5, 3], [5, 4], true, false); // tiny
    expect(seen).toEqual([
      { a: [40, 64], b: [64, 24], tA: false, tB: false },
      { a: [24, 64], b: [64, 40], tA: false, tB: false },
      { a: [1, 40, 64], b: [1, 64, 24], tA: false, tB: false },
      { a: [256, 40], b: [256, 4], tA: true, tB: false },
      { a: [2, 64, 40], b: [2, 64, 24], tA: true, tB: false },
      { a: [5, 3], b: [5, 4], tA: true, tB: false },
    ]);
  });

  it('uses the rule measured on a dense layer’s gradients', () => {
    // [128,784]ᵀ·[128,512] and [128,512]·[784,512]ᵀ: the products that motivated it.
    expect(prefersTransposedCopy([128, 784], [128, 512], true, false)).toBe(true);
    expect(prefersTransposedCopy([128, 512], [784, 512], false, true)).toBe(true);
    expect(prefersTransposedCopy([128, 784], [512, 128], true, true)).toBe(true);
    // One sample's input gradient: a matrix-vector product, faster in the original.
    expect(prefersTransposedCopy([1, 512], [784, 512], false, true)).toBe(false);
    expect(prefersTransposedCopy([128, 512], [784, 512], false, false)).toBe(false);
    expect(prefersTransposedCopy([16, 16], [16, 16], true, false)).toBe(16 ** 3 >= MIN_WORK);
    // Inner sizes that disagree are left to the original, which reports them.
    expect(prefersTransposedCopy([128, 784], [100, 512], true, false)).toBe(false);
  });

  it('gives the gradients of tf.matMul that cpu gives, for all four transposes', async () => {
    const c: Case = { batchA: [], batchB: [], m: 37, k: 19, n: 29 };
    // The gradient products themselves take the composite.
    expect(prefersTransposedCopy([c.m, c.n], [c.k, c.n], false, true)).toBe(true);
    expect(prefersTransposedCopy([c.m, c.k], [c.m, c.n], true, false)).toBe(true);
    const rng = createRng(7);
    for (const [tA, tB] of flags) {
      const [aShape, bShape] = shapes(c, tA, tB);
      const aVals = normalArray(rng, size(aShape));
      const bVals = normalArray(rng, size(bShape));
      const weights = normalArray(rng, c.m * c.n);
      const grads = (): Float32Array[] =>
        tf.tidy(() => {
          const w = tf.tensor2d(weights, [c.m, c.n]);
          const f = (a: tf.Tensor, b: tf.Tensor): tf.Scalar =>
            tf.sum(tf.mul(w, tf.matMul(a, b, tA, tB)));
          const [da, db] = tf.grads(f)([tf.tensor(aVals, aShape), tf.tensor(bVals, bShape)]);
          return [da?.dataSync() as Float32Array, db?.dataSync() as Float32Array];
        });
      const expected = await onBackend('cpu', grads);
      await tf.setBackend('wasm');
      const actual = grads();
      for (const [i, e] of expected.entries()) {
        const err = maxRelativeError(actual[i] as Float32Array, e);
        errors.push(err);
        expect(err, `d${i === 0 ? 'a' : 'b'} transposeA=${tA} transposeB=${tB}`).toBeLessThan(1e-5);
      }
    }
  });

  it('leaks no tensors and no wasm memory over 50 calls', async () => {
    await tf.setBackend('wasm');
    const a = tf.randomNormal([64, 40], 0, 1, 'float32', 1);
    const b = tf.randomNormal([64, 24], 0, 1, 'float32', 2);
    const c = tf.randomNormal([3, 64, 40], 0, 1, 'float32', 3);
    const d = tf.randomNormal([24, 64], 0, 1, 'float32', 4);
    // Composite: transposeA, transposeB, both; original: batched, and no transpose.
    const call = (): void => {
      tf.dispose([
        tf.matMul(a, b, true, false),
        tf.matMul(d, d, false, true),
        tf.matMul(a, d, true, true),
        tf.matMul(c, c, false, true),
        tf.matMul(d, a),
      ]);
    };
    expect(prefersTransposedCopy([64, 40], [24, 64], true, true)).toBe(true);
    const { before, after } = footprintOfRepeats(call);
    expect(after).toEqual(before);
    tf.dispose([a, b, c, d]);
  });
});
