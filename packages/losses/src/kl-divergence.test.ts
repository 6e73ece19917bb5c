import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node (see gradient-registration.test.ts).
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { klStandardNormal } from './kl-divergence.js';
import { REDUCTIONS, type Reduction } from './reduction.js';
import {
  centralDifference,
  expectClose,
  float32Samples,
  reductionWeight,
  referenceReduce,
  seededNormal,
  uniformSamples,
  useCpuBackend,
  values,
} from './testing.test-helpers.js';

useCpuBackend();

/** Float64 KL(N(μ, σ²) ‖ N(0, 1)) of one dimension, σ² = exp(logVar). */
function kl64(mu: number, logVar: number): number {
  return 0.5 * (Math.exp(logVar) + mu * mu - 1 - logVar);
}

const shape = [8, 6];
const n = 48;
const means = float32Samples(n, seededNormal(21));
const logVars = uniformSamples(n, 22, -2, 2);

describe('klStandardNormal', () => {
  it.each(REDUCTIONS)('%s matches the float64 formula on seeded inputs', async (reduction) => {
    const out = klStandardNormal(tf.tensor(means, shape), tf.tensor(logVars, shape), {
      reduction,
    });
    const elementwise = Array.from(means, (mu, i) => kl64(mu, logVars[i] as number));
    expectClose(await values(out), referenceReduce(elementwise, shape, reduction));
  });

  it('is 0 at μ = 0, logVar = 0 (for every reduction)', async () => {
    for (const reduction of REDUCTIONS) {
      const out = await values(klStandardNormal(tf.zeros([3, 4]), tf.zeros([3, 4]), { reduction }));
      for (const v of out) expect(v).toBe(0);
    }
  });

  it('is 0.5 per dimension at μ = 1, σ² = 1', async () => {
    const mean = tf.ones([3, 4]);
    const logVar = tf.zeros([3, 4]);
    const none = await values(klStandardNormal(mean, logVar, { reduction: 'none' }));
    expect(none).toEqual(new Array(12).fill(0.5));
    expect(await values(klStandardNormal(mean, logVar, { reduction: 'per-example' }))).toEqual([
      2, 2, 2,
    ]);
    expect(await values(klStandardNormal(mean, logVar))).toEqual([2]); // batch-mean default
  });

  it('is ½(σ² − 1 − log σ²) at μ = 0, e.g. ½(1 − log 2) for σ² = 2', async () => {
    const out = klStandardNormal(tf.zeros([1, 1]), tf.fill([1, 1], Math.log(2)));
    expectClose(await values(out), [0.5 * (1 - Math.LN2)]);
  });

  it('keeps precision for logVar ≈ 0 (no cancellation in exp(logVar) − 1 − logVar)', async () => {
    // The exact KL here is ≈ 2.5e−7 per element; exp(v) − 1 − v in float32 is off by ~10%.
    const lv = [1e-3, -1e-3, 3e-4].map(Math.fround);
    const out = await values(
      klStandardNormal(tf.zeros([3]), tf.tensor1d(lv), { reduction: 'none' }),
    );
    expectClose(
      out,
      lv.map((v) => kl64(0, v)),
      { rtol: 1e-3 },
    );
  });

  it.each(['sum', 'mean', 'batch-mean'] as const)(
    '%s gradients: μ·w and ½(exp(logVar) − 1)·w, and finite differences of the float64 formula',
    async (reduction) => {
      const w = reductionWeight(shape, reduction);
      const [dMean, dLogVar] = tf.grads((mean: tf.Tensor, logVar: tf.Tensor) =>
        klStandardNormal(mean, logVar, { reduction }),
      )([tf.tensor(means, shape), tf.tensor(logVars, shape)]) as [tf.Tensor, tf.Tensor];
      const gotMean = await values(dMean);
      const gotLogVar = await values(dLogVar);
      expectClose(
        gotMean,
        Array.from(means, (mu) => mu * w),
        { rtol: 1e-5, atol: 1e-7 },
      );
      expectClose(
        gotLogVar,
        Array.from(logVars, (lv) => 0.5 * (Math.exp(lv) - 1) * w),
        {
          rtol: 1e-5,
          atol: 1e-7,
        },
      );
      const loss64 = (mus: ArrayLike<number>, lvs: ArrayLike<number>) =>
        referenceReduce(
          Array.from(mus, (mu, i) => kl64(mu, lvs[i] as number)),
          shape,
          reduction,
        )[0] as number;
      expectClose(
        gotMean,
        centralDifference((mus) => loss64(mus, logVars), means),
        {
          rtol: 1e-4,
          atol: 1e-6,
        },
      );
      expectClose(
        gotLogVar,
        centralDifference((lvs) => loss64(means, lvs), logVars),
        {
          rtol: 1e-4,
          atol: 1e-6,
        },
      );
    },
  );

  it('rejects mismatched shapes, unknown reductions and batch reductions of scalars', () => {
    expect(() => klStandardNormal(tf.zeros([2, 3]), tf.zeros([2, 2]))).toThrow(
      expect.objectContaining({
        code: 'LOSS_SHAPE_MISMATCH',
        message: expect.stringContaining('mean shape [2,3] does not match logVar shape [2,2]'),
      }),
    );
    expect(() =>
      klStandardNormal(tf.zeros([2]), tf.zeros([2]), { reduction: 'avg' as Reduction }),
    ).toThrow(expect.objectContaining({ code: 'LOSS_BAD_REDUCTION' }));
    expect(() => klStandardNormal(tf.scalar(0), tf.scalar(0))).toThrow(
      expect.objectContaining({ code: 'LOSS_BAD_RANK' }),
    );
  });
});
