import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node (see gradient-registration.test.ts).
import '@tensorflow/tfjs-layers';
import { describe, it } from 'vitest';
import { gaussianNll } from './gaussian-nll.js';
import { meanSquaredError } from './mean-squared-error.js';
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

/** Float64 −log N(t; μ, σ²) with σ² = exp(logVar), optionally without ½ log 2π. */
function nll64(t: number, mu: number, logVar: number, includeConstant = true): number {
  const c = includeConstant ? 0.5 * Math.log(2 * Math.PI) : 0;
  return c + 0.5 * logVar + ((t - mu) * (t - mu)) / (2 * Math.exp(logVar));
}

const shape = [4, 3, 2];
const n = 24;
const targets = float32Samples(n, seededNormal(31));
const means = float32Samples(n, seededNormal(32));
const logVars = uniformSamples(n, 33, -1.5, 1.5);
const variance = 0.7;

describe('gaussianNll', () => {
  it.each(REDUCTIONS)('%s, fixed variance, matches the float64 formula', async (reduction) => {
    const out = gaussianNll(tf.tensor(targets, shape), tf.tensor(means, shape), {
      variance,
      reduction,
    });
    const elementwise = Array.from(targets, (t, i) =>
      nll64(t, means[i] as number, Math.log(variance)),
    );
    expectClose(await values(out), referenceReduce(elementwise, shape, reduction));
  });

  it.each(REDUCTIONS)('%s, learned logVar, matches the float64 formula', async (reduction) => {
    const out = gaussianNll(tf.tensor(targets, shape), tf.tensor(means, shape), {
      logVar: tf.tensor(logVars, shape),
      reduction,
    });
    const elementwise = Array.from(targets, (t, i) =>
      nll64(t, means[i] as number, logVars[i] as number),
    );
    expectClose(await values(out), referenceReduce(elementwise, shape, reduction));
  });

  it('defaults to batch-mean, variance 1 and the constant included', async () => {
    const t = tf.tensor(targets, shape);
    const m = tf.tensor(means, shape);
    const elementwise = Array.from(targets, (ti, i) => nll64(ti, means[i] as number, 0));
    expectClose(await values(gaussianNll(t, m)), referenceReduce(elementwise, shape, 'batch-mean'));
  });

  it('is ½ log(2πσ²) per element at t = μ', async () => {
    const out = gaussianNll(tf.ones([2, 5]), tf.ones([2, 5]), { variance: 3, reduction: 'none' });
    expectClose(await values(out), new Array(10).fill(0.5 * Math.log(2 * Math.PI * 3)));
  });

  it('is ½ · squared error with variance 1 and no constant', async () => {
    const t = tf.tensor(targets, shape);
    const m = tf.tensor(means, shape);
    const nll = await values(gaussianNll(t, m, { includeConstant: false, reduction: 'none' }));
    const mse = await values(meanSquaredError(t, m, { reduction: 'none' }));
    expectClose(
      nll,
      mse.map((v) => v / 2),
    );
  });

  it('drops exactly ½ log 2π per element without the constant (learned variance)', async () => {
    const t = tf.tensor(targets, shape);
    const m = tf.tensor(means, shape);
    const logVar = tf.tensor(logVars, shape);
    const full = await values(gaussianNll(t, m, { logVar, reduction: 'per-example' }));
    const bare = await values(
      gaussianNll(t, m, { logVar, reduction: 'per-example', includeConstant: false }),
    );
    const perExample = 6 * 0.5 * Math.log(2 * Math.PI);
    expectClose(
      bare,
      full.map((v) => v - perExample),
      { rtol: 1e-5, atol: 1e-5 },
    );
  });

  it('gives the same value for variance v and logVar = log v', async () => {
    const t = tf.tensor(targets, shape);
    const m = tf.tensor(means, shape);
    const fixed = await values(gaussianNll(t, m, { variance, reduction: 'none' }));
    const learned = await values(
      gaussianNll(t, m, { logVar: tf.fill(shape, Math.log(variance)), reduction: 'none' }),
    );
    expectClose(learned, fixed);
  });

  it.each(['sum', 'mean', 'batch-mean'] as const)(
    '%s gradients (learned variance): analytic and finite differences of the float64 formula',
    async (reduction) => {
      const w = reductionWeight(shape, reduction);
      const [dt, dm, dlv] = tf.grads((t: tf.Tensor, m: tf.Tensor, lv: tf.Tensor) =>
        gaussianNll(t, m, { logVar: lv, reduction }),
      )([tf.tensor(targets, shape), tf.tensor(means, shape), tf.tensor(logVars, shape)]);
      const got = await Promise.all([dt, dm, dlv].map((g) => values(g as tf.Tensor)));
      const dMean = Array.from(
        means,
        (mu, i) => ((mu - (targets[i] as number)) / Math.exp(logVars[i] as number)) * w,
      );
      expectClose(got[1] as number[], dMean, { rtol: 1e-5, atol: 1e-7 });
      expectClose(
        got[0] as number[],
        dMean.map((g) => -g),
        { rtol: 1e-5, atol: 1e-7 },
      );
      const dLogVar = Array.from(logVars, (lv, i) => {
        const d = (targets[i] as number) - (means[i] as number);
        return 0.5 * (1 - (d * d) / Math.exp(lv)) * w;
      });
      expectClose(got[2] as number[], dLogVar, { rtol: 1e-5, atol: 1e-7 });
      const loss64 = (ts: Float64Array, ms: Float64Array, lvs: Float64Array) =>
        referenceReduce(
          Array.from(ts, (t, i) => nll64(t, ms[i] as number, lvs[i] as number)),
          shape,
          reduction,
        )[0] as number;
      expectFiniteDifferenceGradients(got, loss64, [targets, means, logVars]);
    },
  );

  it('fixed-variance gradient is (μ − t)/σ² · w and matches finite differences', async () => {
    const reduction = 'batch-mean';
    const w = reductionWeight(shape, reduction);
    const dm = tf.grad((m: tf.Tensor) =>
      gaussianNll(tf.tensor(targets, shape), m, { variance, reduction }),
    )(tf.tensor(means, shape));
    const got = await values(dm);
    expectClose(
      got,
      Array.from(means, (mu, i) => ((mu - (targets[i] as number)) / variance) * w),
      { rtol: 1e-5, atol: 1e-7 },
    );
    const loss64 = (ms: Float64Array) =>
      referenceReduce(
        Array.from(ms, (mu, i) => nll64(targets[i] as number, mu, Math.log(variance))),
        shape,
        reduction,
      )[0] as number;
    expectFiniteDifferenceGradients([got], loss64, [means]);
  });

  it('rejects mismatched shapes, bad options and unknown reductions', () => {
    const a = tf.zeros([2, 3]);
    expectLossError(
      () => gaussianNll(a, tf.zeros([2, 4])),
      'LOSS_SHAPE_MISMATCH',
      'gaussianNll: target shape [2,3] does not match mean shape [2,4]',
    );
    expectLossError(
      () => gaussianNll(a, a, { logVar: tf.zeros([3, 2]) }),
      'LOSS_SHAPE_MISMATCH',
      'mean shape [2,3] does not match logVar shape [3,2]',
    );
    expectLossError(
      () => gaussianNll(a, a, { logVar: a, variance: 2 }),
      'LOSS_BAD_OPTION',
      'both variance (2) and logVar',
    );
    for (const v of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '1']) {
      expectLossError(
        () => gaussianNll(a, a, { variance: v as number }),
        'LOSS_BAD_OPTION',
        'gaussianNll: variance must be a finite number > 0 (the fixed variance σ², e.g. 1)',
        `got ${typeof v === 'string' ? '"1"' : String(v)}.`,
      );
    }
    expectLossError(
      () => gaussianNll(a, a, { includeConstant: 'yes' as unknown as boolean }),
      'LOSS_BAD_OPTION',
      'includeConstant must be true or false, got "yes".',
    );
    expectLossError(
      () => gaussianNll(a, a, { reduction: 'avg' as Reduction }),
      'LOSS_BAD_REDUCTION',
      '"avg"',
    );
    expectLossError(() => gaussianNll(tf.scalar(0), tf.scalar(0)), 'LOSS_BAD_RANK');
  });
});
