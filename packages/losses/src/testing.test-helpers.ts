/**
 * Test helpers: a seeded PRNG, float64 reference reductions and finite differences.
 * Excluded from the build (tsconfig.build.json) and never imported by library code.
 * Nothing here calls tfjs math: references must be independent of the code under test.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, expect } from 'vitest';
import type { Reduction } from './reduction.js';

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

/**
 * `n` samples stored as float32: reading them back gives exactly the values a tensor built
 * from them holds, so the float64 reference sees the same inputs as tfjs.
 */
export function float32Samples(n: number, sample: () => number): Float32Array {
  return Float32Array.from({ length: n }, () => sample());
}

/**
 * `n` float32 samples uniform on `[low, high)` from one seeded stream. (A generator created
 * inside the sampling callback would restart on every call and repeat one value.)
 */
export function uniformSamples(n: number, seed: number, low: number, high: number): Float32Array {
  const u = seededUniform(seed);
  return float32Samples(n, () => low + (high - low) * u());
}

/** `n` float32 samples from `N(0, std²)`, one seeded stream. */
export function normalSamples(n: number, seed: number, std = 1): Float32Array {
  const z = seededNormal(seed);
  return float32Samples(n, () => std * z());
}

/** Float64 reference of every {@link Reduction}; `shape[0]` is the batch. */
export function referenceReduce(
  values: ArrayLike<number>,
  shape: readonly number[],
  reduction: Reduction,
): number[] {
  const all = Array.from(values);
  const batch = shape.length === 0 ? 1 : (shape[0] ?? 0);
  const perExample = Array.from({ length: batch }, (_, b) => {
    const size = all.length / batch;
    return all.slice(b * size, (b + 1) * size).reduce((s, v) => s + v, 0);
  });
  const total = all.reduce((s, v) => s + v, 0);
  switch (reduction) {
    case 'batch-mean':
      return [perExample.reduce((s, v) => s + v, 0) / batch];
    case 'per-example':
      return perExample;
    case 'mean':
      return [total / all.length];
    case 'sum':
      return [total];
    case 'none':
      return all;
  }
}

/** Gradient of the reduced loss w.r.t. one elementwise input: d(reduce)/d(value_i) = weight. */
export function reductionWeight(
  shape: readonly number[],
  reduction: 'batch-mean' | 'mean' | 'sum',
): number {
  const size = shape.reduce((p, s) => p * s, 1);
  if (reduction === 'sum') return 1;
  if (reduction === 'mean') return 1 / size;
  return 1 / (shape[0] ?? 1);
}

/** Central finite differences of a float64 scalar function of a vector. */
export function centralDifference(
  f: (x: Float64Array) => number,
  x: ArrayLike<number>,
  h = 1e-6,
): Float64Array {
  const point = Float64Array.from(x);
  return Float64Array.from(point, (xi, i) => {
    point[i] = xi + h;
    const up = f(point);
    point[i] = xi - h;
    const down = f(point);
    point[i] = xi;
    return (up - down) / (2 * h);
  });
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

/**
 * Asserts that `got[i]`, the tfjs gradient of a loss with respect to its i-th input, matches
 * the central differences of the float64 reference `loss64` with respect to that input (the
 * other inputs held at their values).
 */
export function expectFiniteDifferenceGradients(
  got: ReadonlyArray<ArrayLike<number>>,
  loss64: (...inputs: Float64Array[]) => number,
  inputs: ReadonlyArray<ArrayLike<number>>,
  { rtol = 1e-4, atol = 1e-6, h = 1e-6 }: { rtol?: number; atol?: number; h?: number } = {},
): void {
  const points = inputs.map((x) => Float64Array.from(x));
  expect(got.length).toBe(points.length);
  points.forEach((_, i) => {
    const partial = centralDifference(
      (x) => loss64(...points.map((p, j) => (j === i ? x : p))),
      points[i] as Float64Array,
      h,
    );
    expectClose(got[i] as ArrayLike<number>, partial, { rtol, atol });
  });
}

/** Asserts that `call` throws a `LossError` with `code` and a message containing `parts`. */
export function expectLossError(call: () => unknown, code: string, ...parts: string[]): void {
  let caught: unknown;
  try {
    call();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a LossError to be thrown').toBeInstanceOf(Error);
  const err = caught as Error & { code?: string };
  expect(err.name).toBe('LossError');
  expect(err.code).toBe(code);
  for (const part of parts) expect(err.message).toContain(part);
}
