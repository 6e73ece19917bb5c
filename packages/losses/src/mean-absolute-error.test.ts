import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node (see gradient-registration.test.ts).
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
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
  useCpuBackend,
  values,
} from './testing.test-helpers.js';

useCpuBackend();

const shape = [3, 2, 4];
const n = 24;
const targets = float32Samples(n, seededNormal(51));
const predictions = float32Samples(n, seededNormal(52));

describe('meanAbsoluteError', () => {
  it.each(REDUCTIONS)('%s matches the float64 formula on seeded inputs', async (reduction) => {
    const out = meanAbsoluteError(tf.tensor(targets, shape), tf.tensor(predictions, shape), {
      reduction,
    });
    const elementwise = Array.from(targets, (t, i) => Math.abs(t - (predictions[i] as number)));
    expectClose(await values(out), referenceReduce(elementwise, shape, reduction));
  });

  it('defaults to mean over every element (Keras); batch-mean sums per example', async () => {
    const t = tf.tensor2d([
      [0, 0],
      [1, 1],
    ]);
    const y = tf.tensor2d([
      [1, -3],
      [1, 1],
    ]);
    expect(await values(meanAbsoluteError(t, y))).toEqual([(1 + 3) / 4]);
    expect(await values(meanAbsoluteError(t, y, { reduction: 'batch-mean' }))).toEqual([
      (1 + 3) / 2,
    ]);
  });

  it.each(['sum', 'mean', 'batch-mean'] as const)(
    '%s gradients: sign(y − t)·w, and finite differences of the float64 formula',
    async (reduction) => {
      const w = reductionWeight(shape, reduction);
      const grads = tf.grads((t: tf.Tensor, y: tf.Tensor) =>
        meanAbsoluteError(t, y, { reduction }),
      )([tf.tensor(targets, shape), tf.tensor(predictions, shape)]);
      const got = await Promise.all(grads.map((g) => values(g)));
      const dy = Array.from(predictions, (y, i) => Math.sign(y - (targets[i] as number)) * w);
      expectClose(got[1] as number[], dy);
      expectClose(
        got[0] as number[],
        dy.map((g) => -g),
      );
      const loss64 = (ts: Float64Array, ys: Float64Array) =>
        referenceReduce(
          Array.from(ts, (t, i) => Math.abs(t - (ys[i] as number))),
          shape,
          reduction,
        )[0] as number;
      expectFiniteDifferenceGradients(got, loss64, [targets, predictions]);
    },
  );

  it('has a zero gradient where the prediction equals the target (e.g. ReLU 0 vs 0)', async () => {
    const dy = tf.grad((y: tf.Tensor) => meanAbsoluteError(tf.tensor1d([0, 1, 2]), y))(
      tf.tensor1d([0, 3, 2]),
    );
    expectClose(await values(dy), [0, 1 / 3, 0]); // ±0 both fine
  });

  it('rejects mismatched shapes (no broadcasting) and unknown reductions', () => {
    expectLossError(
      () => meanAbsoluteError(tf.zeros([3]), tf.zeros([3, 1])),
      'LOSS_SHAPE_MISMATCH',
      'meanAbsoluteError: target shape [3] does not match prediction shape [3,1]',
    );
    expectLossError(
      () => meanAbsoluteError(tf.zeros([3]), tf.zeros([3]), { reduction: 'l1' as Reduction }),
      'LOSS_BAD_REDUCTION',
      '"l1"',
    );
  });
});
