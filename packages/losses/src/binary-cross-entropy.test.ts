import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node (see gradient-registration.test.ts);
// tfjs-layers registers all of them.
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits } from './binary-cross-entropy.js';
import { LossError } from './loss-error.js';
import { REDUCTIONS, type Reduction } from './reduction.js';
import {
  centralDifference,
  expectClose,
  float32Samples,
  normalSamples,
  reductionWeight,
  referenceReduce,
  seededUniform,
  uniformSamples,
  useCpuBackend,
  values,
} from './testing.test-helpers.js';

useCpuBackend();

/** Float64 BCE from a logit: max(z, 0) − z·t + log(1 + exp(−|z|)). */
function bceLogits64(t: number, z: number): number {
  return Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
}

/** Float64 BCE from a probability, with p and 1 − p clipped below at eps. */
function bceProb64(t: number, p: number, eps = 1e-7): number {
  return -t * Math.log(Math.max(p, eps)) - (1 - t) * Math.log(Math.max(1 - p, eps));
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const shape = [6, 10];
const n = 60;
const targets = float32Samples(n, seededUniform(1));
const logits = normalSamples(n, 2, 3);
// Include the kink of max(z, 0) and |z| and some hard 0/1 targets.
logits[0] = 0;
logits[1] = 0;
targets[1] = 1;
targets[2] = 0;
const probabilities = uniformSamples(n, 3, 0.001, 0.999);

describe('binaryCrossEntropyWithLogits', () => {
  it.each(REDUCTIONS)('%s matches the float64 formula on seeded inputs', async (reduction) => {
    const out = binaryCrossEntropyWithLogits(tf.tensor(targets, shape), tf.tensor(logits, shape), {
      reduction,
    });
    const elementwise = Array.from(targets, (t, i) => bceLogits64(t, logits[i] as number));
    expectClose(await values(out), referenceReduce(elementwise, shape, reduction));
  });

  it('defaults to batch-mean', async () => {
    const t = tf.tensor(targets, shape);
    const z = tf.tensor(logits, shape);
    const byDefault = await values(binaryCrossEntropyWithLogits(t, z));
    expect(byDefault).toEqual(
      await values(binaryCrossEntropyWithLogits(t, z, { reduction: 'batch-mean' })),
    );
  });

  it('is log 2 at logit 0 for any target', async () => {
    const out = binaryCrossEntropyWithLogits(tf.tensor1d([0, 0.3, 1]), tf.zeros([3]), {
      reduction: 'none',
    });
    expectClose(await values(out), [Math.LN2, Math.LN2, Math.LN2]);
  });

  it('stays finite and correct at logits ±100 and ±1e4', async () => {
    const zs = [100, -100, 1e4, -1e4];
    const ts = [0, 1, 0.3];
    const t = ts.flatMap((ti) => zs.map(() => ti));
    const z = ts.flatMap(() => zs);
    const out = await values(
      binaryCrossEntropyWithLogits(tf.tensor1d(t), tf.tensor1d(z), { reduction: 'none' }),
    );
    // Values like exp(−100) ≈ 4e−44 are float32 subnormals: the tiny atol covers their rounding.
    expectClose(
      out,
      t.map((ti, i) => bceLogits64(ti, z[i] as number)),
      { atol: 1e-30 },
    );
    expect(out[2]).toBe(1e4); // t = 0, z = 1e4
    expect(out[4 + 3]).toBe(1e4); // t = 1, z = −1e4
  });

  it('accepts integer targets', async () => {
    const out = binaryCrossEntropyWithLogits(tf.tensor1d([1, 0], 'int32'), tf.tensor1d([2, 2]), {
      reduction: 'none',
    });
    expectClose(await values(out), [bceLogits64(1, 2), bceLogits64(0, 2)]);
  });

  it.each(['sum', 'mean', 'batch-mean'] as const)(
    '%s gradients: (σ(z) − t)·w and −z·w, and finite differences of the float64 formula',
    async (reduction) => {
      const w = reductionWeight(shape, reduction);
      const [dt, dz] = tf.grads((t: tf.Tensor, z: tf.Tensor) =>
        binaryCrossEntropyWithLogits(t, z, { reduction }),
      )([tf.tensor(targets, shape), tf.tensor(logits, shape)]) as [tf.Tensor, tf.Tensor];
      const gotDz = await values(dz);
      const gotDt = await values(dt);
      // Analytic, including z = 0 exactly (index 0 and 1), where a kinked max/|·| would be wrong.
      expectClose(
        gotDz,
        Array.from(logits, (z, i) => (sigmoid(z) - (targets[i] as number)) * w),
        {
          rtol: 1e-5,
          atol: 1e-7,
        },
      );
      expectClose(
        gotDt,
        Array.from(logits, (z) => -z * w),
        { rtol: 1e-5, atol: 1e-7 },
      );
      // Finite differences of the independent float64 reference.
      const loss64 = (zs: Float64Array, ts: ArrayLike<number>) =>
        referenceReduce(
          Array.from(zs, (z, i) => bceLogits64(ts[i] as number, z)),
          shape,
          reduction,
        )[0] as number;
      expectClose(
        gotDz,
        centralDifference((zs) => loss64(zs, targets), logits),
        {
          rtol: 1e-4,
          atol: 1e-6,
        },
      );
      expectClose(
        gotDt,
        centralDifference((ts) => loss64(Float64Array.from(logits), ts), targets),
        {
          rtol: 1e-4,
          atol: 1e-6,
        },
      );
    },
  );

  it('has the gradient σ(z) − t at ±100 (no NaN)', async () => {
    const t = tf.tensor1d([0, 1, 0.3, 0.3]);
    const dz = tf.grad((z: tf.Tensor) => binaryCrossEntropyWithLogits(t, z, { reduction: 'sum' }))(
      tf.tensor1d([100, -100, 100, -100]),
    );
    expectClose(await values(dz), [1, -1, 0.7, -0.3], { atol: 1e-7 });
  });

  it('rejects mismatched shapes, naming both', () => {
    expect(() => binaryCrossEntropyWithLogits(tf.zeros([2, 3]), tf.zeros([2, 4]))).toThrow(
      /target shape \[2,3\] does not match logits shape \[2,4\]/,
    );
    try {
      binaryCrossEntropyWithLogits(tf.zeros([4]), tf.zeros([4, 1]));
    } catch (e) {
      expect(e).toBeInstanceOf(LossError);
      expect((e as LossError).code).toBe('LOSS_SHAPE_MISMATCH');
    }
  });

  it('rejects an unknown reduction', () => {
    expect(() =>
      binaryCrossEntropyWithLogits(tf.zeros([2]), tf.zeros([2]), {
        reduction: 'avg' as Reduction,
      }),
    ).toThrow(expect.objectContaining({ code: 'LOSS_BAD_REDUCTION' }));
  });
});

describe('binaryCrossEntropy (probabilities)', () => {
  it.each(REDUCTIONS)('%s matches the float64 formula on seeded inputs', async (reduction) => {
    const out = binaryCrossEntropy(tf.tensor(targets, shape), tf.tensor(probabilities, shape), {
      reduction,
    });
    const elementwise = Array.from(targets, (t, i) => bceProb64(t, probabilities[i] as number));
    expectClose(await values(out), referenceReduce(elementwise, shape, reduction));
  });

  it('agrees with the logits form on σ(z) for moderate logits', async () => {
    const t = tf.tensor(targets, shape);
    const z = tf.tensor(logits, shape);
    const fromProb = binaryCrossEntropy(t, tf.sigmoid(z), { reduction: 'none' });
    const fromLogits = binaryCrossEntropyWithLogits(t, z, { reduction: 'none' });
    expectClose(await values(fromProb), await values(fromLogits), { rtol: 1e-5, atol: 1e-6 });
  });

  it('clips p and 1 − p at epsilon: the bound −log ε is the same at both ends', async () => {
    const out = await values(
      binaryCrossEntropy(tf.tensor1d([0, 1, 1, 0]), tf.tensor1d([1, 0, 1, 0]), {
        reduction: 'none',
      }),
    );
    const bound = -Math.log(Math.fround(1e-7));
    expectClose(out, [bound, bound, 0, 0], { atol: 1e-7 });
    const wider = await values(
      binaryCrossEntropy(tf.tensor1d([0]), tf.tensor1d([1]), { reduction: 'sum', epsilon: 1e-3 }),
    );
    expectClose(wider, [-Math.log(Math.fround(1e-3))]);
  });

  it('has the gradient (p − t) / (p(1 − p)), matching finite differences', async () => {
    const reduction = 'batch-mean';
    const w = reductionWeight(shape, reduction);
    const [dt, dp] = tf.grads((t: tf.Tensor, p: tf.Tensor) =>
      binaryCrossEntropy(t, p, { reduction }),
    )([tf.tensor(targets, shape), tf.tensor(probabilities, shape)]) as [tf.Tensor, tf.Tensor];
    const gotDp = await values(dp);
    const analytic = Array.from(
      probabilities,
      (p, i) => ((p - (targets[i] as number)) / (p * (1 - p))) * w,
    );
    expectClose(gotDp, analytic, { rtol: 1e-4, atol: 1e-6 });
    const loss64 = (ps: Float64Array) =>
      referenceReduce(
        Array.from(ps, (p, i) => bceProb64(targets[i] as number, p)),
        shape,
        reduction,
      )[0] as number;
    expectClose(gotDp, centralDifference(loss64, probabilities, 1e-8), { rtol: 1e-4, atol: 1e-6 });
    const dtAnalytic = Array.from(probabilities, (p) => (Math.log(1 - p) - Math.log(p)) * w);
    expectClose(await values(dt), dtAnalytic, { rtol: 1e-4, atol: 1e-6 });
  });

  it('has finite gradients at p = 0 and p = 1', async () => {
    const t = tf.tensor1d([0.5, 0.5]);
    const dp = tf.grad((p: tf.Tensor) => binaryCrossEntropy(t, p, { reduction: 'sum' }))(
      tf.tensor1d([0, 1]),
    );
    for (const g of await values(dp)) expect(Number.isFinite(g)).toBe(true);
  });

  it('validates epsilon, the reduction and the shapes', () => {
    const a = tf.zeros([2, 2]);
    for (const epsilon of [0, -1, 1, Number.NaN, 1e-50]) {
      expect(() => binaryCrossEntropy(a, a, { epsilon })).toThrow(
        expect.objectContaining({ code: 'LOSS_BAD_OPTION' }),
      );
    }
    expect(() => binaryCrossEntropy(a, a, { reduction: 'avg' as Reduction })).toThrow(
      expect.objectContaining({ code: 'LOSS_BAD_REDUCTION' }),
    );
    expect(() => binaryCrossEntropy(a, tf.zeros([2]))).toThrow(
      /target shape \[2,2\] does not match probabilities shape \[2\]/,
    );
  });
});
