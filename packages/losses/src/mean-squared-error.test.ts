import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node (see gradient-registration.test.ts).
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { meanSquaredError } from './mean-squared-error.js';
import { REDUCTIONS, type Reduction } from './reduction.js';
import {
  centralDifference,
  expectClose,
  float32Samples,
  reductionWeight,
  referenceReduce,
  seededNormal,
  useCpuBackend,
  values,
} from './testing.test-helpers.js';

useCpuBackend();

const shape = [5, 2, 4];
const n = 40;
const targets = float32Samples(n, seededNormal(11));
const predictions = float32Samples(n, seededNormal(12));
const squaredError64 = (t: number, y: number): number => (t - y) * (t - y);

describe('meanSquaredError', () => {
  it.each(REDUCTIONS)('%s matches the float64 formula on seeded inputs', async (reduction) => {
    const out = meanSquaredError(tf.tensor(targets, shape), tf.tensor(predictions, shape), {
      reduction,
    });
    const elementwise = Array.from(targets, (t, i) => squaredError64(t, predictions[i] as number));
    expectClose(await values(out), referenceReduce(elementwise, shape, reduction));
  });

  it('defaults to mean over every element (the Keras convention)', async () => {
    const out = meanSquaredError(
      tf.tensor2d([
        [0, 0],
        [1, 1],
      ]),
      tf.tensor2d([
        [1, 3],
        [1, 1],
      ]),
    );
    expect(out.shape).toEqual([]);
    expect(await values(out)).toEqual([(1 + 9) / 4]);
  });

  it('batch-mean is the per-example sum averaged over the batch (the VAE convention)', async () => {
    const out = meanSquaredError(
      tf.tensor2d([
        [0, 0],
        [1, 1],
      ]),
      tf.tensor2d([
        [1, 3],
        [1, 1],
      ]),
      {
        reduction: 'batch-mean',
      },
    );
    expect(await values(out)).toEqual([(1 + 9) / 2]);
  });

  it.each(['sum', 'mean', 'batch-mean'] as const)(
    '%s gradients: 2(y − t)·w, and finite differences of the float64 formula',
    async (reduction) => {
      const w = reductionWeight(shape, reduction);
      const [dt, dy] = tf.grads((t: tf.Tensor, y: tf.Tensor) =>
        meanSquaredError(t, y, { reduction }),
      )([tf.tensor(targets, shape), tf.tensor(predictions, shape)]) as [tf.Tensor, tf.Tensor];
      const gotDy = await values(dy);
      const analytic = Array.from(predictions, (y, i) => 2 * (y - (targets[i] as number)) * w);
      expectClose(gotDy, analytic, { rtol: 1e-5, atol: 1e-7 });
      expectClose(
        await values(dt),
        analytic.map((g) => -g),
        { rtol: 1e-5, atol: 1e-7 },
      );
      const loss64 = (ys: Float64Array) =>
        referenceReduce(
          Array.from(ys, (y, i) => squaredError64(targets[i] as number, y)),
          shape,
          reduction,
        )[0] as number;
      expectClose(gotDy, centralDifference(loss64, predictions), { rtol: 1e-4, atol: 1e-6 });
    },
  );

  it('rejects mismatched shapes (no broadcasting) and unknown reductions', () => {
    expect(() => meanSquaredError(tf.zeros([3]), tf.zeros([3, 1]))).toThrow(
      expect.objectContaining({
        code: 'LOSS_SHAPE_MISMATCH',
        message: expect.stringContaining('target shape [3] does not match prediction shape [3,1]'),
      }),
    );
    expect(() =>
      meanSquaredError(tf.zeros([3]), tf.zeros([3]), { reduction: 'MEAN' as Reduction }),
    ).toThrow(expect.objectContaining({ code: 'LOSS_BAD_REDUCTION' }));
  });
});
