import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node (see gradient-registration.test.ts).
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { type BetaKlOptions, betaKl } from './beta-kl.js';
import { klStandardNormal } from './kl-divergence.js';
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

/** Float64 KL(N(μ, exp(logVar)) ‖ N(0, 1)) of one dimension. */
const kl64 = (mu: number, logVar: number): number =>
  0.5 * (Math.exp(logVar) + mu * mu - 1 - logVar);

const shape = [4, 5];
const n = 20;
const means = float32Samples(n, seededNormal(71));
const logVars = uniformSamples(n, 72, -1, 1);
const beta = 4;

describe('betaKl', () => {
  it.each(REDUCTIONS)('%s is β times the float64 KL', async (reduction) => {
    const out = betaKl(tf.tensor(means, shape), tf.tensor(logVars, shape), { beta, reduction });
    const elementwise = Array.from(means, (mu, i) => beta * kl64(mu, logVars[i] as number));
    expectClose(await values(out), referenceReduce(elementwise, shape, reduction));
  });

  it('is klStandardNormal at β = 1 and 0 at β = 0; defaults to batch-mean', async () => {
    const mu = tf.tensor(means, shape);
    const lv = tf.tensor(logVars, shape);
    const one = betaKl(mu, lv, { beta: 1 });
    expect(one.shape).toEqual([]);
    expect(await values(one)).toEqual(await values(klStandardNormal(mu, lv)));
    expect(await values(betaKl(mu, lv, { beta: 0, reduction: 'per-example' }))).toEqual([
      0, 0, 0, 0,
    ]);
  });

  it.each(['sum', 'mean', 'batch-mean'] as const)(
    '%s gradients: β·μ·w and β·½(exp(logVar) − 1)·w, and finite differences',
    async (reduction) => {
      const w = reductionWeight(shape, reduction);
      const grads = tf.grads((mu: tf.Tensor, lv: tf.Tensor) => betaKl(mu, lv, { beta, reduction }))(
        [tf.tensor(means, shape), tf.tensor(logVars, shape)],
      );
      const got = await Promise.all(grads.map((g) => values(g)));
      const tol = { rtol: 1e-5, atol: 1e-7 };
      expectClose(
        got[0] as number[],
        Array.from(means, (mu) => beta * mu * w),
        tol,
      );
      expectClose(
        got[1] as number[],
        Array.from(logVars, (lv) => beta * 0.5 * (Math.exp(lv) - 1) * w),
        tol,
      );
      const loss64 = (mus: Float64Array, lvs: Float64Array) =>
        referenceReduce(
          Array.from(mus, (mu, i) => beta * kl64(mu, lvs[i] as number)),
          shape,
          reduction,
        )[0] as number;
      expectFiniteDifferenceGradients(got, loss64, [means, logVars]);
    },
  );

  it('rejects a missing, negative or non-finite β, bad shapes and reductions', () => {
    const a = tf.zeros([2, 3]);
    expectLossError(
      () => betaKl(a, a, {} as BetaKlOptions),
      'LOSS_BAD_OPTION',
      'betaKl: beta must be a finite number ≥ 0 (the KL weight, e.g. 4), got undefined.',
    );
    expectLossError(
      () => betaKl(a, a, undefined as unknown as BetaKlOptions),
      'LOSS_BAD_OPTION',
      'beta must be',
      'got undefined',
    );
    for (const b of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectLossError(
        () => betaKl(a, a, { beta: b }),
        'LOSS_BAD_OPTION',
        `beta must be a finite number ≥ 0 (the KL weight, e.g. 4), got ${b}.`,
      );
    }
    expectLossError(
      () => betaKl(a, tf.zeros([3, 2]), { beta }),
      'LOSS_SHAPE_MISMATCH',
      'betaKl: mean shape [2,3] does not match logVar shape [3,2]',
    );
    expectLossError(
      () => betaKl(a, a, { beta, reduction: 'avg' as Reduction }),
      'LOSS_BAD_REDUCTION',
    );
  });
});
