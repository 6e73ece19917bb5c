import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node (see gradient-registration.test.ts).
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { logMeanExp } from './log-mean-exp.js';
import {
  expectClose,
  expectFiniteDifferenceGradients,
  expectLossError,
  normalSamples,
  useCpuBackend,
  values,
} from './testing.test-helpers.js';

useCpuBackend();

/** Float64 log-mean-exp of a list, shifted by its maximum. */
function logMeanExp64(xs: readonly number[]): number {
  const m = Math.max(...xs);
  return m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0) / xs.length);
}

const rows = 3;
const cols = 5;
const data = normalSamples(rows * cols, 111, 2);
const row = (r: number) => Array.from(data.slice(r * cols, (r + 1) * cols));
const column = (c: number) => Array.from({ length: rows }, (_, r) => data[r * cols + c] as number);

describe('logMeanExp', () => {
  it('matches float64 along the last axis (default), axis 0, and keeps dims on request', async () => {
    const x = tf.tensor(data, [rows, cols]);
    const last = logMeanExp(x);
    expect(last.shape).toEqual([rows]);
    const expectedRows = Array.from({ length: rows }, (_, r) => logMeanExp64(row(r)));
    expectClose(await values(last), expectedRows);
    expectClose(await values(logMeanExp(x, { axis: 1 })), expectedRows);
    const first = logMeanExp(x, { axis: 0, keepDims: true });
    expect(first.shape).toEqual([1, cols]);
    expectClose(
      await values(first),
      Array.from({ length: cols }, (_, c) => logMeanExp64(column(c))),
    );
  });

  it('stays finite and exact for weights around −1e4 and +80…90 (float32 exp over/underflows)', async () => {
    const big = [80, 81.5, 79, 90].map(Math.fround);
    const tiny = [-1e4, -1e4 + 3, -10010, -9999.5].map(Math.fround);
    const out = await values(logMeanExp(tf.tensor2d([big, tiny])));
    for (const v of out) expect(Number.isFinite(v)).toBe(true);
    expectClose(out, [logMeanExp64(big), logMeanExp64(tiny)], { rtol: 1e-6 });
    // The naive formula really would fail here.
    expect(await values(tf.log(tf.mean(tf.exp(tf.tensor1d(big)))))).toEqual([Infinity]);
    expect(await values(tf.log(tf.mean(tf.exp(tf.tensor1d(tiny)))))).toEqual([-Infinity]);
  });

  it('gives the weight itself for K = 1 and for equal weights', async () => {
    expect(await values(logMeanExp(tf.tensor(data, [rows * cols, 1])))).toEqual(Array.from(data));
    expectClose(await values(logMeanExp(tf.fill([2, 7], -3.25))), [-3.25, -3.25]);
  });

  it('treats −∞ as zero weight; all −∞ gives −∞', async () => {
    const out = await values(
      logMeanExp(
        tf.tensor2d([
          [-Infinity, 0],
          [-Infinity, -Infinity],
        ]),
      ),
    );
    expectClose(out.slice(0, 1), [Math.log(0.5)]);
    expect(out[1]).toBe(-Infinity);
  });

  it('lies between the mean (Jensen) and the maximum of each row', async () => {
    const out = await values(logMeanExp(tf.tensor(data, [rows, cols])));
    out.forEach((v, r) => {
      const xs = row(r);
      expect(v).toBeGreaterThan(xs.reduce((s, x) => s + x, 0) / cols);
      expect(v).toBeLessThanOrEqual(Math.max(...xs));
    });
  });

  it('has the softmax as its gradient, matching finite differences', async () => {
    const g = await values(
      tf.grad((x: tf.Tensor) => tf.sum(logMeanExp(x)))(tf.tensor(data, [rows, cols])),
    );
    const softmax = Array.from({ length: rows }, (_, r) => {
      const xs = row(r);
      const m = Math.max(...xs);
      const z = xs.reduce((s, x) => s + Math.exp(x - m), 0);
      return xs.map((x) => Math.exp(x - m) / z);
    }).flat();
    expectClose(g, softmax, { rtol: 1e-5, atol: 1e-7 });
    const loss64 = (x: Float64Array) =>
      Array.from({ length: rows }, (_, r) =>
        logMeanExp64(Array.from(x.slice(r * cols, (r + 1) * cols))),
      ).reduce((s, v) => s + v, 0);
    expectFiniteDifferenceGradients([g], loss64, [data]);
  });

  it('rejects scalars, bad axes and empty axes', () => {
    const x = tf.zeros([2, 3]);
    expectLossError(() => logMeanExp(tf.scalar(1)), 'LOSS_BAD_RANK', 'logWeights is a scalar');
    for (const axis of [2, -3, 0.5]) {
      expectLossError(
        () => logMeanExp(x, { axis }),
        'LOSS_BAD_OPTION',
        `logMeanExp: axis ${axis} is invalid for logWeights of shape [2,3]`,
      );
    }
    expectLossError(() => logMeanExp(tf.zeros([2, 0])), 'LOSS_EMPTY_AXIS', 'axis -1');
  });
});
