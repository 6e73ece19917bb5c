/**
 * A faster `BatchMatMul` for backends whose kernel is fast only without
 * transposes (wasm: XNNPACK's fully-connected operator when both inputs hold one
 * matrix, a scalar loop otherwise). Every dense layer's gradients are such
 * products: dW = xᵀ·dy (`transposeA`) and dx = dy·Wᵀ (`transposeB`).
 *
 * The replacement transposes the flagged input(s) with the backend's `Transpose`
 * kernel, then calls the original kernel with both flags off, so the fast path runs.
 *
 * Measured on wasm (1 thread, fastest of repeated runs, fresh inputs each call):
 *
 * | product                      | original | composite |
 * | ---------------------------- | -------- | --------- |
 * | [128,784]ᵀ·[128,512]         | 61 ms    | 2.8 ms    |
 * | [128,512]·[784,512]ᵀ         | 29 ms    | 3.4 ms    |
 * | [128,784]ᵀ·[512,128]ᵀ        | 29 ms    | 3.1 ms    |
 * | [128,512]ᵀ·[128,32]          | 2.6 ms   | 0.27 ms   |
 * | [128,32]·[512,32]ᵀ           | 1.2 ms   | 0.16 ms   |
 * | [6272,32]·[512,32]ᵀ          | 62 ms    | 4.9 ms    |
 * | [6272,512]ᵀ·[6272,32]        | 186 ms   | 14 ms     |
 *
 * The copy pays off from about 6 multiply-adds per element moved (the break-even
 * measured: 1.1–1.2× at 6), so the original keeps the products with fewer than
 * {@link MIN_WORK_PER_MOVED}, i.e. with few rows (columns) in the other factor:
 * [1,512]·[784,512]ᵀ (0.22 vs 0.95 ms), [4,512]·[784,512]ᵀ (0.89 vs 1.0 ms),
 * [128,784]ᵀ·[128,4] (0.23 vs 0.31 ms); at 8 the composite wins (1.75 vs 1.09 ms,
 * 0.45 vs 0.31 ms).
 * It also keeps products under {@link MIN_WORK} multiply-adds (8×8×8: 2 vs 4 µs;
 * 32×32×16: 12 vs 7 µs) and batched products (more than one matrix on a side):
 * those run the scalar loop with or without transposes, so the copy gains nothing
 * ([8,128,64]ᵀ·[8,128,32]: 1.17 vs 1.21 ms).
 */
import * as tf from '@tensorflow/tfjs-core';
import { callKernel, disposeIntermediate, type KernelArgs } from './call-kernel.js';

/** Kernels of the target backend that this kernel is built from (besides the original). */
export const batchMatMulRequires: readonly string[] = [tf.Transpose];

/** Below this many multiply-adds (M·N·K) the original kernel is kept. */
export const MIN_WORK = 16_384;

/** The composite needs at least this many multiply-adds per element it transposes. */
export const MIN_WORK_PER_MOVED = 8;

/**
 * True when transposing the flagged inputs and multiplying without transposes is
 * expected to be faster than the original kernel (see the module comment for the
 * measurements). False when no flag is set, when either side holds more than one
 * matrix, when the inner sizes disagree (the original then reports the error), or
 * when the product is too small for the copy to pay off.
 */
export function prefersTransposedCopy(
  aShape: readonly number[],
  bShape: readonly number[],
  transposeA: boolean,
  transposeB: boolean,
): boolean {
  if (!transposeA && !transposeB) return false;
  const ra = aShape.length;
  const rb = bShape.length;
  if (ra < 2 || rb < 2) return false;
  const matrices = (shape: readonly number[]) => tf.util.sizeFromShape(shape.slice(0, -2));
  if (matrices(aShape) !== 1 || matrices(bShape) !== 1) return false;
  const [a0, a1] = [aShape[ra - 2] as number, aShape[ra - 1] as number];
  const [b0, b1] = [bShape[rb - 2] as number, bShape[rb - 1] as number];
  const [m, k] = transposeA ? [a1, a0] : [a0, a1];
  const [kb, n] = transposeB ? [b1, b0] : [b0, b1];
  if (k !== kb) return false;
  const work = m * n * k;
  const moved = (transposeA ? m * k : 0) + (transposeB ? k * n : 0);
  return work >= MIN_WORK && work >= MIN_WORK_PER_MOVED * moved;
}

/** The permutation that swaps the last two of `rank` axes. */
function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/**
 * Builds the kernel for `backendName`; `original` is the backend's own
 * `BatchMatMul`, which runs the untransposed product and every case
 * {@link prefersTransposedCopy} declines (including non-float32 inputs).
 */
export function makeBatchMatMul(backendName: string, original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const { a, b } = inputs as { a?: tf.TensorInfo; b?: tf.TensorInfo };
    const { transposeA = false, transposeB = false } = (attrs ??
      {}) as unknown as Partial<tf.BatchMatMulAttrs>;
    if (
      a === undefined ||
      b === undefined ||
      a.dtype !== 'float32' ||
      b.dtype !== 'float32' ||
      !prefersTransposedCopy(a.shape, b.shape, transposeA, transposeB)
    ) {
      return original(args);
    }
    const owned: tf.TensorInfo[] = [];
    const transposed = (x: tf.TensorInfo): tf.TensorInfo => {
      const perm = swapLastTwo(x.shape.length);
      const out = callKernel(tf.Transpose, backendName, backend, { x }, { perm });
      owned.push(out);
      return out;
    };
    try {
      return original({
        inputs: { a: transposeA ? transposed(a) : a, b: transposeB ? transposed(b) : b },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
    } finally {
      for (const t of owned) disposeIntermediate(backend, t);
    }
  };
}
