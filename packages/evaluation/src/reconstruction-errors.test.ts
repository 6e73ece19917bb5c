import { toTensor } from '@ae/datasets';
import { ConditionalVAE, ModelError, VAE } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  expectNoLeak,
  expectRejects,
  rowsOf,
  TINY_SHAPE,
  tinyData,
} from './evaluation.test-helpers.js';
import { EvaluationError } from './evaluation-error.js';
import { type ReconstructionMetric, reconstructionErrors } from './reconstruction-errors.js';

const shape = [...TINY_SHAPE];

/** Float64 error of every row under `metric`, written out from the definitions. */
function referenceErrors(x: number[][], xHat: number[][], metric: ReconstructionMetric): number[] {
  return x.map((row, i) =>
    row.reduce((sum, v, j) => {
      const r = (xHat[i] as number[])[j] as number;
      if (metric === 'squared') return sum + (v - r) ** 2;
      if (metric === 'absolute') return sum + Math.abs(v - r);
      if (metric === 'relative') {
        const energy = row.reduce(
          (e, w, k) => e + w * w + ((xHat[i] as number[])[k] as number) ** 2,
          0,
        );
        return sum + (v - r) ** 2 / energy;
      }
      // The clip bounds as float32 holds them (1 − 1e-7 rounds to 1 − 2⁻²³).
      const p = Math.min(Math.max(r, Math.fround(1e-7)), Math.fround(1 - 1e-7));
      return sum - (v * Math.log(p) + (1 - v) * Math.log(1 - p));
    }, 0),
  );
}

function expectClose(actual: Float32Array, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    expect(Math.abs((actual[i] as number) - e)).toBeLessThan(1e-5 * Math.max(1, Math.abs(e)));
  });
}

describe('reconstructionErrors', () => {
  const vae = new VAE({ inputShape: shape, latentDim: 2, hidden: [8], seed: 4 });

  it('matches a float64 recomputation from the model’s reconstructions, for every metric', async () => {
    const data = tinyData(11, 1); // batches of 4, 4, 3
    const all = toTensor(data);
    const xHat = vae.reconstruct(all);
    const [x, r] = [await rowsOf(all), await rowsOf(xHat)];
    tf.dispose([all, xHat]);
    for (const metric of ['squared', 'absolute', 'bce', 'relative'] as const) {
      const errors = await reconstructionErrors(vae, data, { batchSize: 4, metric });
      expectClose(errors, referenceErrors(x, r, metric));
    }
    // The default is the squared error.
    expectClose(await reconstructionErrors(vae, data), referenceErrors(x, r, 'squared'));
  });

  it('clips reconstructions outside (0, 1) for bce', async () => {
    const data = tinyData(3, 2);
    // A model whose "reconstruction" is 2x − 0.5: values below 0 and above 1.
    const model = { reconstruct: (x: tf.Tensor) => tf.sub(tf.mul(x, 2), 0.5) };
    const x = Array.from({ length: 3 }, (_, i) => Array.from(data.x.subarray(16 * i, 16 * i + 16)));
    const r = x.map((row) => row.map((v) => Math.fround(2 * v - 0.5)));
    const errors = await reconstructionErrors(model, data, { metric: 'bce' });
    expectClose(errors, referenceErrors(x, r, 'bce'));
    expect(errors.every(Number.isFinite)).toBe(true);
  });

  it('relative: by hand on two rows, 0 for an all-zero row and its all-zero reconstruction', async () => {
    const data = { ...tinyData(3, 2), x: new Float32Array(48) };
    data.x.set([1, 0.5], 0); // row 0: x = (1, 0.5, 0, …)
    data.x.set([0.25], 16); // row 1: x = (0.25, 0, …); row 2: zeros
    // Reconstruction x̂ = x / 2: Σ (x/2)² / (Σ x² + Σ x²/4) = (1/4) / (5/4) = 0.2 for any x ≠ 0.
    const model = { reconstruct: (x: tf.Tensor) => tf.mul(x, 0.5) };
    const errors = await reconstructionErrors(model, data, { metric: 'relative' });
    expectClose(errors, [0.2, 0.2, 0]);
  });

  it('encodes `input` instead of data.x and measures against data.x (denoising)', async () => {
    const data = tinyData(7, 3);
    const noisy = tinyData(7, 99).x;
    const clean = toTensor(data);
    const corrupted = tf.tensor(noisy, [7, ...shape]);
    const xHat = vae.reconstruct(corrupted);
    const [x, r] = [await rowsOf(clean), await rowsOf(xHat)];
    tf.dispose([clean, corrupted, xHat]);
    const errors = await reconstructionErrors(vae, data, { input: noisy, batchSize: 3 });
    expectClose(errors, referenceErrors(x, r, 'squared'));
  });

  it('reshapes batches to the model’s inputShape when only the layout differs', async () => {
    const flat = new VAE({ inputShape: [16], latentDim: 2, hidden: [8], seed: 4 });
    const data = tinyData(5, 4);
    const all = tf.tensor2d(data.x, [5, 16]);
    const xHat = flat.reconstruct(all);
    const [x, r] = [await rowsOf(all), await rowsOf(xHat)];
    tf.dispose([all, xHat]);
    expectClose(await reconstructionErrors(flat, data), referenceErrors(x, r, 'squared'));
    flat.dispose();
  });

  it('gives a conditional model the labels, and lets it refuse data without them', async () => {
    const cvae = new ConditionalVAE({
      inputShape: shape,
      latentDim: 2,
      hidden: [8],
      numClasses: 3,
      seed: 5,
    });
    const data = tinyData(8, 5, 3);
    const all = toTensor(data);
    const labels = tf.tensor1d(data.labels as Int32Array, 'int32');
    const xHat = cvae.reconstruct(all, { labels });
    const [x, r] = [await rowsOf(all), await rowsOf(xHat)];
    tf.dispose([all, labels, xHat]);
    expectClose(
      await reconstructionErrors(cvae, data, { batchSize: 3 }),
      referenceErrors(x, r, 'squared'),
    );
    const { labels: _dropped, ...unlabelled } = data;
    await expectRejects(
      () => reconstructionErrors(cvae, unlabelled),
      ModelError,
      'labels is required',
    );
    await expectRejects(
      () =>
        reconstructionErrors(cvae, { ...data, labels: Int32Array.from([0, 1, 2, 3, 0, 1, 2, 0]) }),
      EvaluationError,
      'label 3 of example 3',
    );
    cvae.dispose();
  });

  it('leaks no tensor', async () => {
    const data = tinyData(9, 6);
    await expectNoLeak(() => reconstructionErrors(vae, data, { batchSize: 4, metric: 'bce' }));
  });

  it('refuses bad arguments before allocating, naming the value', async () => {
    const data = tinyData(4, 7);
    const bad = (run: () => Promise<unknown>, text: string) =>
      expectRejects(run, EvaluationError, text);
    await bad(
      () => reconstructionErrors({} as never, data),
      'reconstructionErrors: the model has no reconstruct()',
    );
    await bad(
      () => reconstructionErrors(vae, data, { batchSize: 0 }),
      'batchSize must be an integer ≥ 1, got 0',
    );
    await bad(
      () => reconstructionErrors(vae, data, { metric: 'huber' as never }),
      'metric must be one of squared, absolute, bce, relative, got "huber"',
    );
    await bad(
      () => reconstructionErrors(vae, data, { input: new Float32Array(10) }),
      'input must be a Float32Array of 64 values',
    );
    await bad(() => reconstructionErrors(vae, { ...data, count: 5 }), 'data must be a Dataset');
    const wrong = { reconstruct: (x: tf.Tensor) => tf.slice(x, [0, 0, 0, 0], [-1, 2, 2, 1]) };
    await bad(
      () => reconstructionErrors(wrong, data),
      'model.reconstruct returned shape [4, 2, 2, 1]',
    );
  });
});
