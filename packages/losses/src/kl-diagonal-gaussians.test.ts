import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node (see gradient-registration.test.ts).
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { klDiagonalGaussians } from './kl-diagonal-gaussians.js';
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

/** Float64 KL(N(m1, exp(v1)) ‖ N(m2, exp(v2))) of one dimension, from the textbook formula. */
function kl64(m1: number, v1: number, m2: number, v2: number): number {
  const s1 = Math.exp(v1);
  const s2 = Math.exp(v2);
  return 0.5 * (Math.log(s2 / s1) + (s1 + (m1 - m2) ** 2) / s2 - 1);
}

const shape = [6, 5];
const n = 30;
const mean1 = float32Samples(n, seededNormal(61));
const logVar1 = uniformSamples(n, 62, -1.5, 1.5);
const mean2 = float32Samples(n, seededNormal(63));
const logVar2 = uniformSamples(n, 64, -1.5, 1.5);
const inputs = () => [mean1, logVar1, mean2, logVar2].map((x) => tf.tensor(x, shape));

describe('klDiagonalGaussians', () => {
  it.each(REDUCTIONS)('%s matches the float64 formula on seeded inputs', async (reduction) => {
    const [m1, v1, m2, v2] = inputs() as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const out = klDiagonalGaussians(m1, v1, m2, v2, { reduction });
    const elementwise = Array.from(mean1, (m, i) =>
      kl64(m, logVar1[i] as number, mean2[i] as number, logVar2[i] as number),
    );
    expectClose(await values(out), referenceReduce(elementwise, shape, reduction), {
      rtol: 1e-5,
      atol: 1e-6,
    });
  });

  it.each(REDUCTIONS)('%s equals klStandardNormal when p = N(0, I)', async (reduction) => {
    const m1 = tf.tensor(mean1, shape);
    const v1 = tf.tensor(logVar1, shape);
    const general = klDiagonalGaussians(m1, v1, tf.zeros(shape), tf.zeros(shape), { reduction });
    expect(await values(general)).toEqual(await values(klStandardNormal(m1, v1, { reduction })));
  });

  it('is 0 for q = p and defaults to batch-mean', async () => {
    const [m, v] = inputs() as [tf.Tensor, tf.Tensor];
    const out = klDiagonalGaussians(m, v, m, v);
    expect(out.shape).toEqual([]);
    expect(await values(out)).toEqual([0]);
  });

  it('has the closed forms of one dimension, and is not symmetric', async () => {
    const one = (m1: number, v1: number, m2: number, v2: number) =>
      klDiagonalGaussians(
        tf.tensor2d([[m1]]),
        tf.tensor2d([[v1]]),
        tf.tensor2d([[m2]]),
        tf.tensor2d([[v2]]),
      );
    const ln4 = Math.log(4);
    // KL(N(0, 1) ‖ N(0, 4)) = ½(ln 4 + ¼ − 1); KL(N(0, 4) ‖ N(0, 1)) = ½(4 − 1 − ln 4).
    expectClose(await values(one(0, 0, 0, ln4)), [0.5 * (ln4 + 0.25 - 1)]);
    expectClose(await values(one(0, ln4, 0, 0)), [0.5 * (4 - 1 - ln4)]);
    // Shifting both means by the same amount changes nothing; a mean gap of 2 at σ² = 4 is ½.
    expectClose(await values(one(3, 0.5, 3, 0.5)), [0]);
    expectClose(await values(one(2, ln4, 0, ln4)), [0.5]);
  });

  it.each(['sum', 'mean', 'batch-mean'] as const)(
    '%s gradients: analytic, and finite differences of the float64 formula',
    async (reduction) => {
      const w = reductionWeight(shape, reduction);
      const grads = tf.grads((m1: tf.Tensor, v1: tf.Tensor, m2: tf.Tensor, v2: tf.Tensor) =>
        klDiagonalGaussians(m1, v1, m2, v2, { reduction }),
      )(inputs());
      const got = await Promise.all(grads.map((g) => values(g)));
      const at = (i: number) => ({
        m1: mean1[i] as number,
        s1: Math.exp(logVar1[i] as number),
        m2: mean2[i] as number,
        s2: Math.exp(logVar2[i] as number),
      });
      const tol = { rtol: 1e-5, atol: 1e-6 };
      const dMean1 = Array.from(mean1, (_, i) => ((at(i).m1 - at(i).m2) / at(i).s2) * w);
      expectClose(got[0] as number[], dMean1, tol);
      expectClose(
        got[2] as number[],
        dMean1.map((g) => -g),
        tol,
      );
      const dLogVar1 = Array.from(mean1, (_, i) => 0.5 * (at(i).s1 / at(i).s2 - 1) * w);
      expectClose(got[1] as number[], dLogVar1, tol);
      const dLogVar2 = Array.from(mean1, (_, i) => {
        const { m1, s1, m2, s2 } = at(i);
        return 0.5 * (1 - (s1 + (m1 - m2) ** 2) / s2) * w;
      });
      expectClose(got[3] as number[], dLogVar2, tol);
      const loss64 = (m1s: Float64Array, v1s: Float64Array, m2s: Float64Array, v2s: Float64Array) =>
        referenceReduce(
          Array.from(m1s, (m, i) => kl64(m, v1s[i] as number, m2s[i] as number, v2s[i] as number)),
          shape,
          reduction,
        )[0] as number;
      expectFiniteDifferenceGradients(got, loss64, [mean1, logVar1, mean2, logVar2]);
    },
  );

  it('rejects mismatched shapes naming the pair, unknown reductions and scalars', () => {
    const a = tf.zeros([2, 3]);
    const b = tf.zeros([2, 4]);
    expectLossError(
      () => klDiagonalGaussians(a, b, a, a),
      'LOSS_SHAPE_MISMATCH',
      'klDiagonalGaussians: mean1 shape [2,3] does not match logVar1 shape [2,4]',
    );
    expectLossError(
      () => klDiagonalGaussians(a, a, tf.zeros([3]), a),
      'LOSS_SHAPE_MISMATCH',
      'mean1 shape [2,3] does not match mean2 shape [3]',
    );
    expectLossError(
      () => klDiagonalGaussians(a, a, a, b),
      'LOSS_SHAPE_MISMATCH',
      'mean2 shape [2,3] does not match logVar2 shape [2,4]',
    );
    expectLossError(
      () => klDiagonalGaussians(a, a, a, a, { reduction: 'avg' as Reduction }),
      'LOSS_BAD_REDUCTION',
    );
    const s = tf.scalar(0);
    expectLossError(() => klDiagonalGaussians(s, s, s, s), 'LOSS_BAD_RANK');
  });
});
