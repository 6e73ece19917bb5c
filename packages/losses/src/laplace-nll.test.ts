import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node (see gradient-registration.test.ts).
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { laplaceNll } from './laplace-nll.js';
import { meanAbsoluteError } from './mean-absolute-error.js';
import { REDUCTIONS, type Reduction } from './reduction.js';
import {
  expectClose,
  expectFiniteDifferenceGradients,
  expectLossError,
  float32Samples,
  reductionWeight,
  referenceReduce,
  seededNormal,
  uniformSamples,
  useCpuBackend,
  values,
} from './testing.test-helpers.js';

useCpuBackend();

/** Float64 −log Laplace(t; μ, b) with b = exp(logScale), optionally without log 2. */
function nll64(t: number, mu: number, logScale: number, includeConstant = true): number {
  return (includeConstant ? Math.LN2 : 0) + logScale + Math.abs(t - mu) / Math.exp(logScale);
}

const shape = [5, 4];
const n = 20;
const targets = float32Samples(n, seededNormal(41));
const locations = float32Samples(n, seededNormal(42));
const logScales = uniformSamples(n, 43, -1, 1);
const scale = 0.6;

describe('laplaceNll', () => {
  it.each(REDUCTIONS)('%s, fixed scale, matches the float64 formula', async (reduction) => {
    const out = laplaceNll(tf.tensor(targets, shape), tf.tensor(locations, shape), {
      scale,
      reduction,
    });
    const elementwise = Array.from(targets, (t, i) =>
      nll64(t, locations[i] as number, Math.log(scale)),
    );
    expectClose(await values(out), referenceReduce(elementwise, shape, reduction));
  });

  it.each(REDUCTIONS)('%s, learned logScale, matches the float64 formula', async (reduction) => {
    const out = laplaceNll(tf.tensor(targets, shape), tf.tensor(locations, shape), {
      logScale: tf.tensor(logScales, shape),
      reduction,
    });
    const elementwise = Array.from(targets, (t, i) =>
      nll64(t, locations[i] as number, logScales[i] as number),
    );
    expectClose(await values(out), referenceReduce(elementwise, shape, reduction));
  });

  it('defaults to batch-mean, scale 1 and the constant log 2 included', async () => {
    const out = laplaceNll(tf.tensor(targets, shape), tf.tensor(locations, shape));
    const elementwise = Array.from(targets, (t, i) => nll64(t, locations[i] as number, 0));
    expectClose(await values(out), referenceReduce(elementwise, shape, 'batch-mean'));
  });

  it('is log(2b) per element at t = μ, and |t − μ| with scale 1 and no constant', async () => {
    const fit = laplaceNll(tf.fill([2, 3], 0.25), tf.fill([2, 3], 0.25), {
      scale: 3,
      reduction: 'none',
    });
    expectClose(await values(fit), new Array(6).fill(Math.log(6)));
    const t = tf.tensor(targets, shape);
    const mu = tf.tensor(locations, shape);
    const bare = laplaceNll(t, mu, { includeConstant: false, reduction: 'batch-mean' });
    const mae = meanAbsoluteError(t, mu, { reduction: 'batch-mean' });
    expectClose(await values(bare), await values(mae));
  });

  it('gives the same value for scale b and logScale = log b', async () => {
    const t = tf.tensor(targets, shape);
    const mu = tf.tensor(locations, shape);
    const fixed = await values(laplaceNll(t, mu, { scale, reduction: 'none' }));
    const learned = await values(
      laplaceNll(t, mu, { logScale: tf.fill(shape, Math.log(scale)), reduction: 'none' }),
    );
    expectClose(learned, fixed);
  });

  it.each(['sum', 'mean', 'batch-mean'] as const)(
    '%s gradients (learned scale): analytic and finite differences of the float64 formula',
    async (reduction) => {
      const w = reductionWeight(shape, reduction);
      const grads = tf.grads((t: tf.Tensor, mu: tf.Tensor, ls: tf.Tensor) =>
        laplaceNll(t, mu, { logScale: ls, reduction }),
      )([tf.tensor(targets, shape), tf.tensor(locations, shape), tf.tensor(logScales, shape)]);
      const got = await Promise.all(grads.map((g) => values(g)));
      const dLocation = Array.from(
        locations,
        (mu, i) => Math.sign(mu - (targets[i] as number)) * Math.exp(-(logScales[i] as number)) * w,
      );
      expectClose(got[1] as number[], dLocation, { rtol: 1e-5, atol: 1e-7 });
      const dLogScale = Array.from(
        logScales,
        (ls, i) =>
          (1 - Math.abs((targets[i] as number) - (locations[i] as number)) / Math.exp(ls)) * w,
      );
      expectClose(got[2] as number[], dLogScale, { rtol: 1e-5, atol: 1e-7 });
      const loss64 = (ts: Float64Array, mus: Float64Array, lss: Float64Array) =>
        referenceReduce(
          Array.from(ts, (t, i) => nll64(t, mus[i] as number, lss[i] as number)),
          shape,
          reduction,
        )[0] as number;
      expectFiniteDifferenceGradients(got, loss64, [targets, locations, logScales]);
    },
  );

  it('has a zero location gradient at an exact fit (no −1 subgradient of tf.abs)', async () => {
    const t = tf.tensor2d([[0, 0.5]]);
    const [dMu, dLogScale] = tf.grads((mu: tf.Tensor, ls: tf.Tensor) =>
      laplaceNll(t, mu, { logScale: ls, reduction: 'sum' }),
    )([tf.tensor2d([[0, 0.5]]), tf.zeros([1, 2])]);
    expectClose(await values(dMu as tf.Tensor), [0, 0]); // ±0 both fine
    expect(await values(dLogScale as tf.Tensor)).toEqual([1, 1]);
  });

  it('rejects mismatched shapes, bad options and unknown reductions', () => {
    const a = tf.zeros([2, 3]);
    expectLossError(
      () => laplaceNll(a, tf.zeros([3, 2])),
      'LOSS_SHAPE_MISMATCH',
      'laplaceNll: target shape [2,3] does not match location shape [3,2]',
    );
    expectLossError(
      () => laplaceNll(a, a, { logScale: tf.zeros([2]) }),
      'LOSS_SHAPE_MISMATCH',
      'location shape [2,3] does not match logScale shape [2]',
    );
    expectLossError(
      () => laplaceNll(a, a, { logScale: a, scale: 1 }),
      'LOSS_BAD_OPTION',
      'both scale (1) and logScale',
    );
    for (const s of [0, -2, Number.NaN, Number.NEGATIVE_INFINITY]) {
      expectLossError(
        () => laplaceNll(a, a, { scale: s }),
        'LOSS_BAD_OPTION',
        'laplaceNll: scale must be a finite number > 0 (the fixed Laplace scale b, e.g. 1)',
        `got ${s}.`,
      );
    }
    expectLossError(
      () => laplaceNll(a, a, { includeConstant: 1 as unknown as boolean }),
      'LOSS_BAD_OPTION',
      'includeConstant must be true or false, got 1.',
    );
    expectLossError(
      () => laplaceNll(a, a, { reduction: 'avg' as Reduction }),
      'LOSS_BAD_REDUCTION',
    );
    expectLossError(
      () => laplaceNll(tf.scalar(1), tf.scalar(1), { reduction: 'per-example' }),
      'LOSS_BAD_RANK',
    );
  });
});
