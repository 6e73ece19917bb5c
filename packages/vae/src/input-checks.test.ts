import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import type { AutoencoderModel } from '@ae/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Autoencoder } from './autoencoder.js';
import { ConditionalVAE } from './conditional-vae.js';
import { ModelError } from './model-error.js';
import { VAE } from './vae.js';
import { VQVAE } from './vqvae.js';

const shape = [4, 4, 1];
let models: Record<string, AutoencoderModel>;

beforeAll(async () => {
  await tf.setBackend('cpu');
  models = {
    VAE: new VAE({ inputShape: shape, latentDim: 2, hidden: [8], seed: 1 }),
    Autoencoder: new Autoencoder({ inputShape: shape, latentDim: 2, hidden: [8], seed: 1 }),
    VQVAE: new VQVAE({ inputShape: shape, filters: [4], codeDim: 3, numCodes: 4, seed: 1 }),
  };
});
afterAll(() => {
  for (const m of Object.values(models)) m.dispose();
});

/** A batch of 3 examples with `value` at flat position 21 (example 1, value 5). */
const poisoned = (value: number) => {
  const data = new Float32Array(3 * 16).fill(0.5);
  data[21] = value;
  return tf.tensor(data, [3, ...shape]);
};

const errorOf = (f: () => unknown): ModelError => {
  try {
    const out = f();
    tf.dispose(out as tf.TensorContainer);
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw error;
  }
  throw new Error('expected a ModelError');
};

describe('non-finite input', () => {
  for (const name of ['VAE', 'Autoencoder', 'VQVAE']) {
    it(`${name}.encode, reconstruct and lossTerms (not training) refuse NaN, naming the input`, () => {
      const model = models[name] as AutoencoderModel;
      const x = poisoned(Number.NaN);
      const e = errorOf(() => model.encode(x));
      expect(e.code).toBe('MODEL_BAD_INPUT');
      expect(e.message).toBe(
        `${name}.encode: x holds NaN at example 1 (value 5 of 16); 1 of its 48 values are not finite. Pass finite numbers (pixels in [0, 1]).`,
      );
      expect(errorOf(() => model.reconstruct(x)).message).toMatch(/encode: x holds NaN/);
      expect(errorOf(() => model.lossTerms({ x }, { training: false })).message).toMatch(
        new RegExp(`^${name}.lossTerms: batch.x holds NaN at example 1`),
      );
      const clean = tf.fill([3, ...shape], 0.5);
      expect(
        errorOf(() => model.lossTerms({ x: clean, input: x }, { training: false })).message,
      ).toMatch(/lossTerms: batch.input holds NaN/);
      tf.dispose([x, clean]);
    });

    it(`${name}.decode refuses an infinite code`, () => {
      const model = models[name] as AutoencoderModel;
      const d = model.latentDim;
      const data = new Float32Array(2 * d);
      data[d + 1] = Number.NEGATIVE_INFINITY;
      const z = tf.tensor2d(data, [2, d]);
      const e = errorOf(() => model.decode(z));
      expect(e.code).toBe('MODEL_BAD_INPUT');
      expect(e.message).toBe(
        `${name}.decode: z holds -Infinity at example 1 (value 1 of ${d}); 1 of its ${2 * d} values are not finite. Pass finite codes.`,
      );
      z.dispose();
    });

    it(`${name}.lossTerms refuses an empty batch, in training too`, () => {
      const model = models[name] as AutoencoderModel;
      const x = tf.zeros([0, ...shape]);
      for (const training of [true, false]) {
        const e = errorOf(() => model.lossTerms({ x }, { training }));
        expect(e.code).toBe('MODEL_BAD_INPUT');
        expect(e.message).toBe(
          `${name}.lossTerms: batch.x holds no examples (shape [0, 4, 4, 1]); a loss is a mean over at least one example.`,
        );
      }
      x.dispose();
    });
  }

  it('ConditionalVAE.encode refuses Infinity', () => {
    const cvae = new ConditionalVAE({
      inputShape: shape,
      latentDim: 2,
      hidden: [8],
      numClasses: 3,
      seed: 1,
    });
    const x = poisoned(Number.POSITIVE_INFINITY);
    const labels = tf.tensor1d([0, 1, 2], 'int32');
    expect(errorOf(() => cvae.encode(x, { labels })).message).toMatch(
      /^ConditionalVAE.encode: x holds Infinity at example 1 \(value 5 of 16\)/,
    );
    tf.dispose([x, labels]);
    cvae.dispose();
  });

  it('the checks keep the tensor count steady, on good input and on refused input', () => {
    const vae = models.VAE as VAE;
    const good = tf.fill([3, ...shape], 0.25);
    const bad = poisoned(Number.NaN);
    const run = () => {
      tf.dispose(vae.encode(good));
      tf.dispose(vae.reconstruct(good));
      tf.dispose(Object.values(vae.lossTerms({ x: good }, { training: false })));
      errorOf(() => vae.encode(bad));
      errorOf(() => vae.lossTerms({ x: bad }, { training: false }));
    };
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([good, bad]);
  });
});
