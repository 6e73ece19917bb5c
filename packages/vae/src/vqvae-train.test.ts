import '@tensorflow/tfjs-backend-cpu';
import { toTensor } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VQVAE } from './vqvae.js';
import type { VQVAEOptions } from './vqvae-config.js';

// The cpu backend's convolution filter gradient is slow, so the digits are average-pooled to
// 14×14 and the encoder has one stride-2 convolution (14×14 → a 7×7 map of 8-dim codes).
const STEPS = 30;
const BATCH = 16;
const K = 32;
let digits: tf.Tensor4D;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const mnist = toTensor(await loadMnist({ split: 'train', limit: 256 })) as tf.Tensor4D;
  digits = tf.avgPool(mnist, 2, 2, 'valid');
  mnist.dispose();
});

afterAll(() => {
  digits.dispose();
});

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Trains with Adam; returns the reconstruction term of every step and the model. */
async function train(options: Partial<VQVAEOptions>) {
  const model = new VQVAE({
    inputShape: [14, 14, 1],
    filters: [8],
    codeDim: 8,
    numCodes: K,
    seed: 5,
    ...options,
  });
  const optimizer = tf.train.adam(1e-2);
  const reconstruction: number[] = [];
  for (let step = 0; step < STEPS; step++) {
    const x = tf.slice(digits, [(step * BATCH) % 256, 0, 0, 0], [BATCH, 14, 14, 1]);
    let kept: tf.Scalar | undefined;
    optimizer.minimize(
      () => {
        const terms = model.lossTerms({ x }, { training: true, step });
        kept = tf.keep(terms.reconstruction as tf.Scalar); // the other parts are freed by minimize
        return terms.total;
      },
      false,
      model.trainableVariables,
    );
    reconstruction.push((await (kept as tf.Scalar).data())[0] as number);
    tf.dispose([kept as tf.Scalar, x]);
  }
  optimizer.dispose();
  return { model, reconstruction };
}

describe('VQVAE training on MNIST (256 digits at 14×14, 30 Adam steps of 16)', () => {
  for (const ema of [false, { decay: 0.9 }] as const) {
    const kind = ema ? 'EMA codebook' : 'codebook loss';
    it(`${kind}: mean reconstruction of the last 5 steps < 0.6 × the first 5; 1 < perplexity ≤ K`, async () => {
      const { model, reconstruction } = await train({ ema });
      expect(mean(reconstruction.slice(-5))).toBeLessThan(0.6 * mean(reconstruction.slice(0, 5)));
      const terms = model.lossTerms({ x: digits }, { training: false });
      const perplexity = (await (terms.perplexity as tf.Scalar).data())[0] as number;
      const usage = (await (terms.usage as tf.Scalar).data())[0] as number;
      expect(perplexity).toBeGreaterThan(1);
      expect(perplexity).toBeLessThanOrEqual(K * (1 + 1e-6));
      // Perplexity is at most the number of codes in use.
      expect(perplexity).toBeLessThanOrEqual(usage * K * (1 + 1e-6));
      // With EMA the codebook is not trained by gradients, so the codebook term is 0.
      if (ema) expect((await (terms.codebook as tf.Scalar).data())[0]).toBe(0);
      tf.dispose(terms);
      model.dispose();
    });
  }
});
