import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node (see gradient-registration.test.ts).
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { l1ActivityPenalty } from './l1-activity-penalty.js';
import { REDUCTIONS, type Reduction } from './reduction.js';
import {
  expectClose,
  expectFiniteDifferenceGradients,
  expectLossError,
  normalSamples,
  reductionWeight,
  referenceReduce,
  useCpuBackend,
  values,
} from './testing.test-helpers.js';

useCpuBackend();

const shape = [6, 4];
const activations = normalSamples(24, 101);
const weight = 0.3;

describe('l1ActivityPenalty', () => {
  it.each(REDUCTIONS)('%s is λ·|a| reduced, as the float64 formula', async (reduction) => {
    const out = l1ActivityPenalty(tf.tensor(activations, shape), { weight, reduction });
    const elementwise = Array.from(activations, (a) => weight * Math.abs(a));
    expectClose(await values(out), referenceReduce(elementwise, shape, reduction));
  });

  it('defaults to weight 1 and batch-mean (sum over units, mean over the batch)', async () => {
    const a = tf.tensor2d([
      [1, -2],
      [0, 3],
    ]);
    expect(await values(l1ActivityPenalty(a))).toEqual([(3 + 3) / 2]);
    expect(await values(l1ActivityPenalty(a, { reduction: 'mean' }))).toEqual([6 / 4]);
  });

  it.each(['sum', 'mean', 'batch-mean'] as const)(
    '%s gradient: λ·sign(a)·w, and finite differences',
    async (reduction) => {
      const w = reductionWeight(shape, reduction);
      const g = await values(
        tf.grad((a: tf.Tensor) => l1ActivityPenalty(a, { weight, reduction }))(
          tf.tensor(activations, shape),
        ),
      );
      expectClose(
        g,
        Array.from(activations, (a) => weight * Math.sign(a) * w),
      );
      const loss64 = (as: Float64Array) =>
        referenceReduce(
          Array.from(as, (a) => weight * Math.abs(a)),
          shape,
          reduction,
        )[0] as number;
      expectFiniteDifferenceGradients([g], loss64, [activations]);
    },
  );

  it('leaves activations that are exactly 0 (dead ReLUs) with a zero gradient', async () => {
    const g = tf.grad((a: tf.Tensor) => l1ActivityPenalty(a, { reduction: 'sum' }))(
      tf.tensor2d([[0, 2, -1, 0]]),
    );
    expectClose(await values(g), [0, 1, -1, 0]);
  });

  it('rejects a bad weight, unknown reductions and batch reductions of scalars', () => {
    const a = tf.zeros([2, 2]);
    for (const w of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectLossError(
        () => l1ActivityPenalty(a, { weight: w }),
        'LOSS_BAD_OPTION',
        'l1ActivityPenalty: weight must be a finite number ≥ 0 (the penalty weight λ, e.g. 1e-3)',
        `got ${w}.`,
      );
    }
    expectLossError(
      () => l1ActivityPenalty(a, { reduction: 'avg' as Reduction }),
      'LOSS_BAD_REDUCTION',
    );
    expectLossError(() => l1ActivityPenalty(tf.scalar(1)), 'LOSS_BAD_RANK');
  });
});
