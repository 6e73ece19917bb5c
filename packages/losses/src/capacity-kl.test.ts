import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node (see gradient-registration.test.ts).
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { betaKl } from './beta-kl.js';
import { type CapacityKlOptions, capacityKl } from './capacity-kl.js';
import {
  expectClose,
  expectFiniteDifferenceGradients,
  expectLossError,
  normalSamples,
  uniformSamples,
  useCpuBackend,
  values,
} from './testing.test-helpers.js';

useCpuBackend();

const batch = 5;
const latent = 4;
const shape = [batch, latent];
const n = batch * latent;
const means = normalSamples(n, 81, 1.5);
const logVars = uniformSamples(n, 82, -1, 1);
const gamma = 1000;

/** Float64 KL to N(0, I) of each example (summed over latent dimensions). */
function perExampleKl64(mus: ArrayLike<number>, lvs: ArrayLike<number>): number[] {
  return Array.from({ length: batch }, (_, b) => {
    let kl = 0;
    for (let d = 0; d < latent; d++) {
      const i = b * latent + d;
      const mu = mus[i] as number;
      const lv = lvs[i] as number;
      kl += 0.5 * (Math.exp(lv) + mu * mu - 1 - lv);
    }
    return kl;
  });
}

const klPerExample = perExampleKl64(means, logVars);
const klBatchMean = klPerExample.reduce((s, v) => s + v, 0) / batch;
const mu = () => tf.tensor(means, shape);
const lv = () => tf.tensor(logVars, shape);

describe('capacityKl', () => {
  it('batch-mean (default) is γ·|mean_b KL_b − C| for C below and above the KL', async () => {
    expect(klBatchMean).toBeGreaterThan(1);
    for (const capacity of [0.5, klBatchMean / 2, klBatchMean * 2, 25]) {
      const out = capacityKl(mu(), lv(), { gamma, capacity });
      expect(out.shape).toEqual([]);
      expectClose(await values(out), [gamma * Math.abs(klBatchMean - capacity)]);
    }
  });

  it('per-example is γ·|KL_b − C| for each example', async () => {
    const capacity = klBatchMean;
    const out = capacityKl(mu(), lv(), { gamma: 2, capacity, reduction: 'per-example' });
    expectClose(
      await values(out),
      klPerExample.map((kl) => 2 * Math.abs(kl - capacity)),
    );
  });

  it('the mean of per-example exceeds batch-mean when examples straddle C', async () => {
    const capacity = klBatchMean;
    expect(Math.min(...klPerExample)).toBeLessThan(capacity);
    expect(Math.max(...klPerExample)).toBeGreaterThan(capacity);
    const each = await values(
      capacityKl(mu(), lv(), { gamma, capacity, reduction: 'per-example' }),
    );
    const whole = await values(capacityKl(mu(), lv(), { gamma, capacity }));
    expect(each.reduce((s, v) => s + v, 0) / batch).toBeGreaterThan((whole[0] as number) + 1);
  });

  it('at C = 0 equals betaKl with β = γ (the KL is ≥ 0)', async () => {
    for (const reduction of ['batch-mean', 'per-example'] as const) {
      const capacity0 = await values(capacityKl(mu(), lv(), { gamma, capacity: 0, reduction }));
      const weighted = await values(betaKl(mu(), lv(), { beta: gamma, reduction }));
      expectClose(capacity0, weighted);
    }
  });

  it.each([
    ['below', 0.5],
    ['above', 40],
  ] as const)(
    'batch-mean gradients with the KL %s C: γ·sign·∂KL/B and finite differences',
    async (_where, capacity) => {
      const sign = Math.sign(klBatchMean - capacity);
      const grads = tf.grads((m: tf.Tensor, v: tf.Tensor) =>
        capacityKl(m, v, { gamma: 3, capacity }),
      )([mu(), lv()]);
      const got = await Promise.all(grads.map((g) => values(g)));
      const tol = { rtol: 1e-5, atol: 1e-6 };
      expectClose(
        got[0] as number[],
        Array.from(means, (m) => (3 * sign * m) / batch),
        tol,
      );
      expectClose(
        got[1] as number[],
        Array.from(logVars, (v) => (3 * sign * 0.5 * (Math.exp(v) - 1)) / batch),
        tol,
      );
      const loss64 = (ms: Float64Array, vs: Float64Array) => {
        const kls = perExampleKl64(ms, vs);
        return 3 * Math.abs(kls.reduce((s, k) => s + k, 0) / batch - capacity);
      };
      expectFiniteDifferenceGradients(got, loss64, [means, logVars]);
    },
  );

  it('per-example gradients match finite differences of Σ_b γ|KL_b − C|', async () => {
    const capacity = klBatchMean;
    const grads = tf.grads((m: tf.Tensor, v: tf.Tensor) =>
      tf.sum(capacityKl(m, v, { gamma: 2, capacity, reduction: 'per-example' })),
    )([mu(), lv()]);
    const got = await Promise.all(grads.map((g) => values(g)));
    const loss64 = (ms: Float64Array, vs: Float64Array) =>
      perExampleKl64(ms, vs).reduce((s, kl) => s + 2 * Math.abs(kl - capacity), 0);
    expectFiniteDifferenceGradients(got, loss64, [means, logVars]);
  });

  it('is 0 with a zero gradient when the KL equals C exactly', async () => {
    // μ = 1, σ² = 1: KL = ½ per dimension, 1 per example of 2 dimensions.
    const [dMean, dLogVar] = tf.grads((m: tf.Tensor, v: tf.Tensor) =>
      capacityKl(m, v, { gamma, capacity: 1 }),
    )([tf.ones([3, 2]), tf.zeros([3, 2])]);
    expect(
      await values(capacityKl(tf.ones([3, 2]), tf.zeros([3, 2]), { gamma, capacity: 1 })),
    ).toEqual([0]);
    expectClose(await values(dMean as tf.Tensor), new Array(6).fill(0));
    expectClose(await values(dLogVar as tf.Tensor), new Array(6).fill(0));
  });

  it('rejects reductions without a meaning, missing or negative γ and C, and bad shapes', () => {
    const a = tf.zeros([2, 3]);
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      expectLossError(
        () => capacityKl(a, a, { gamma, capacity: 1, reduction: reduction as 'batch-mean' }),
        'LOSS_BAD_OPTION',
        `capacityKl: reduction "${reduction}" does not apply`,
        '"batch-mean", "per-example"',
      );
    }
    expectLossError(
      () => capacityKl(a, a, { gamma, capacity: 1, reduction: 'avg' as 'batch-mean' }),
      'LOSS_BAD_REDUCTION',
    );
    expectLossError(
      () => capacityKl(a, a, { capacity: 1 } as CapacityKlOptions),
      'LOSS_BAD_OPTION',
      'gamma must be a finite number ≥ 0',
      'got undefined.',
    );
    expectLossError(
      () => capacityKl(a, a, { gamma } as CapacityKlOptions),
      'LOSS_BAD_OPTION',
      'capacity must be a finite number ≥ 0',
      'got undefined.',
    );
    expectLossError(
      () => capacityKl(a, a, { gamma, capacity: -1 }),
      'LOSS_BAD_OPTION',
      'capacity must be a finite number ≥ 0 (the target KL in nats, e.g. 25), got -1.',
    );
    expectLossError(
      () => capacityKl(a, a, { gamma: Number.NaN, capacity: 1 }),
      'LOSS_BAD_OPTION',
      'gamma must be a finite number ≥ 0 (the penalty weight, e.g. 1000), got NaN.',
    );
    expectLossError(
      () => capacityKl(a, tf.zeros([2]), { gamma, capacity: 1 }),
      'LOSS_SHAPE_MISMATCH',
      'mean shape [2,3] does not match logVar shape [2]',
    );
    expectLossError(
      () => capacityKl(tf.scalar(0), tf.scalar(0), { gamma, capacity: 1 }),
      'LOSS_BAD_RANK',
    );
  });
});
