import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node.
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { lookupCodes, nearestCodes, squaredDistances } from './distances.js';
import {
  expectClose,
  float32Samples,
  rows,
  seededNormal,
  squaredDistance64,
  useCpuBackend,
  values,
} from './testing.test-helpers.js';

useCpuBackend();

const n = 23;
const k = 7;
const d = 5;
const xFlat = float32Samples(n * d, seededNormal(1));
const cFlat = float32Samples(k * d, seededNormal(2));
const xRows = rows(xFlat, d);
const cRows = rows(cFlat, d);

/** Brute-force float64 distances, one loop per (n, k) pair. */
const brute = xRows.map((x) => cRows.map((c) => squaredDistance64(x, c)));
const bruteArgmin = brute.map((ds) => ds.indexOf(Math.min(...ds)));

describe('squaredDistances', () => {
  it('matches brute-force float64 loops', async () => {
    const out = squaredDistances(tf.tensor2d(xFlat, [n, d]), tf.tensor2d(cFlat, [k, d]));
    expect(out.shape).toEqual([n, k]);
    expectClose(await values(out), brute.flat(), { rtol: 1e-5, atol: 1e-5 });
  });

  it('is exactly 0 (clamped, never negative) for a vector equal to a code', async () => {
    const big = [1000.5, -2000.25, 3000.125];
    const out = squaredDistances(tf.tensor2d([big]), tf.tensor2d([big, [0, 0, 0]]));
    const [same, other] = await values(out);
    expect(same).toBe(0);
    expect(other).toBeCloseTo(squaredDistance64(big, [0, 0, 0]), -2);
  });

  it('rejects a mismatched code dimension and a non-matrix codebook', () => {
    expect(() => squaredDistances(tf.zeros([4, 3]), tf.zeros([5, 2]))).toThrow(
      expect.objectContaining({
        code: 'QUANTIZER_BAD_SHAPE',
        message: expect.stringContaining('x shape [4,3] must end in the code dimension 2'),
      }),
    );
    expect(() => squaredDistances(tf.zeros([4, 3]), tf.zeros([5, 3, 1]))).toThrow(
      expect.objectContaining({ code: 'QUANTIZER_BAD_SHAPE' }),
    );
    expect(() => squaredDistances(tf.zeros([2, 4, 3]), tf.zeros([5, 3]))).toThrow(
      expect.objectContaining({ message: expect.stringContaining('reshape to [-1, 3]') }),
    );
  });
});

describe('nearestCodes', () => {
  it('is the float64 argmin', async () => {
    const out = nearestCodes(tf.tensor2d(xFlat, [n, d]), tf.tensor2d(cFlat, [k, d]));
    expect(out.dtype).toBe('int32');
    expect(out.shape).toEqual([n]);
    expect(await values(out)).toEqual(bruteArgmin);
  });

  it('takes the first code on ties', async () => {
    const out = nearestCodes(
      tf.tensor2d([[0, 0]]),
      tf.tensor2d([
        [5, 5],
        [1, 0],
        [0, 1],
      ]),
    );
    expect(await values(out)).toEqual([1]);
  });
});

describe('lookupCodes', () => {
  it('returns the chosen rows exactly', async () => {
    const idx = [3, 0, 6, 6, 2];
    const out = lookupCodes(tf.tensor1d(idx, 'int32'), tf.tensor2d(cFlat, [k, d]));
    expect(await values(out)).toEqual(idx.flatMap((i) => cRows[i] as number[]));
  });

  it('gradient w.r.t. the codebook sums the upstream rows per code', async () => {
    const idx = tf.tensor1d([1, 0, 1], 'int32');
    const w = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const g = tf.grad((c: tf.Tensor) => tf.sum(tf.mul(w, lookupCodes(idx, c))))(tf.zeros([3, 2]));
    expect(await values(g)).toEqual([3, 4, 1 + 5, 2 + 6, 0, 0]);
  });

  it('rejects float indices and rank-2 indices', () => {
    expect(() => lookupCodes(tf.tensor1d([0, 1]), tf.zeros([2, 2]))).toThrow(
      expect.objectContaining({ code: 'QUANTIZER_BAD_DTYPE' }),
    );
    expect(() => lookupCodes(tf.zeros([1, 2], 'int32'), tf.zeros([2, 2]))).toThrow(
      expect.objectContaining({ code: 'QUANTIZER_BAD_SHAPE' }),
    );
  });
});
