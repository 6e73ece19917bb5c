/**
 * Test helpers: backend setup, a seeded PRNG, toy data and float64 references.
 * Excluded from the build (tsconfig.build.json) and never imported by library code.
 * Nothing here calls tfjs math (only tensor and variable construction): references must be
 * independent of the code under test.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, expect } from 'vitest';

/**
 * Selects the cpu backend before the tests of the calling file. `IS_TEST` makes the engine
 * check every kernel for leaked data (and silences the "use tfjs-node" banner).
 */
export function useCpuBackend(): void {
  beforeAll(async () => {
    tf.env().set('IS_TEST', true);
    await tf.setBackend('cpu');
    await tf.ready();
  });
}

/** mulberry32: a tiny seeded uniform PRNG on [0, 1). */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal deviates (Box–Muller) from a uniform source. */
export function seededNormal(seed: number): () => number {
  const u = seededUniform(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** `n` samples stored as float32, so float64 references see exactly what tfjs sees. */
export function float32Samples(n: number, sample: () => number): Float32Array {
  return Float32Array.from({ length: n }, () => sample());
}

/** The centres of the four toy blobs in 2-D. */
export const BLOB_CENTRES: ReadonlyArray<readonly [number, number]> = [
  [-2, -2],
  [-2, 2],
  [2, -2],
  [2, 2],
];

/**
 * `perBlob` points around each of {@link BLOB_CENTRES} (std `spread`), blob after blob, as a
 * flat float32 `[4·perBlob, 2]` array.
 */
export function blobs(perBlob: number, spread: number, seed: number): Float32Array {
  const normal = seededNormal(seed);
  const out = new Float32Array(4 * perBlob * 2);
  let i = 0;
  for (const [cx, cy] of BLOB_CENTRES) {
    for (let p = 0; p < perBlob; p++) {
      out[i++] = cx + spread * normal();
      out[i++] = cy + spread * normal();
    }
  }
  return out;
}

/** Rows of a flat row-major `[n, d]` array. */
export function rows(flat: ArrayLike<number>, d: number): number[][] {
  return Array.from({ length: flat.length / d }, (_, r) =>
    Array.from({ length: d }, (_, c) => flat[r * d + c] as number),
  );
}

/** Float64 squared Euclidean distance. */
export function squaredDistance64(a: readonly number[], b: readonly number[]): number {
  return a.reduce((s, v, i) => s + (v - (b[i] as number)) ** 2, 0);
}

/** Largest distance from each expected centre to its closest row of `codes`. */
export function worstCentreError(
  codes: readonly (readonly number[])[],
  centres: readonly (readonly number[])[],
): number {
  return Math.max(
    ...centres.map((c) =>
      Math.min(...codes.map((code) => Math.sqrt(squaredDistance64([...code], [...c])))),
    ),
  );
}

/**
 * Asserts `|actual − expected| ≤ rtol·|expected| + atol` elementwise, with a message naming
 * the first failing index.
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { rtol = 1e-5, atol = 0 }: { rtol?: number; atol?: number } = {},
): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    const ok = Number.isFinite(a) && Math.abs(a - e) <= rtol * Math.abs(e) + atol;
    if (!ok) {
      expect.fail(`index ${i}: got ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`);
    }
  }
}

/** Reads a tensor's values (async, so the tests exercise the same path as browser code). */
export async function values(t: tf.Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

/** A seeded batch of `size` points drawn from a pool of blob points. */
export function batchSampler(pool: Float32Array, seed: number): (size: number) => tf.Tensor2D {
  const u = seededUniform(seed);
  const count = pool.length / 2;
  return (size) => {
    const out = new Float32Array(size * 2);
    for (let i = 0; i < size; i++) {
      const r = Math.floor(u() * count);
      out[2 * i] = pool[2 * r] as number;
      out[2 * i + 1] = pool[2 * r + 1] as number;
    }
    return tf.tensor2d(out, [size, 2]);
  };
}

/**
 * Variables for a `VectorQuantizer` that starts at the given codes (counts 1, EMA sums =
 * codes · 1, as a fresh quantizer has). The caller owns them.
 */
export function startingAt(codes: number[][], ema: boolean) {
  return {
    codebook: tf.variable(tf.tensor2d(codes), !ema),
    clusterSize: tf.variable(tf.ones([codes.length]), false),
    codeSum: ema ? tf.variable(tf.tensor2d(codes), false) : null,
  };
}
