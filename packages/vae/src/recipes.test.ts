import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import {
  canFitPrior,
  canSample,
  hasCodebook,
  hasElbo,
  hasLogLikelihood,
  isConditional,
} from '@ae/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Autoencoder } from './autoencoder.js';
import { buildRecipe } from './build-recipe.js';
import { ModelError } from './model-error.js';
import {
  RECIPE_NAMES,
  RECIPES,
  type RecipeName,
  recipe,
  recipeOptions,
  unusedOptions,
} from './recipes.js';
import { VAE } from './vae.js';
import type { VQVAE } from './vqvae.js';

const data = { inputShape: [28, 28, 1], numClasses: 10 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The weights of every network of a model, in order, as plain arrays. */
async function weights(model: { trainableVariables: tf.Variable[] }): Promise<number[][]> {
  return Promise.all(model.trainableVariables.map(async (v) => Array.from(await v.data())));
}

describe('RECIPES', () => {
  it.each(RECIPE_NAMES)(
    '%s builds a model whose members match its declared capabilities',
    (name) => {
      const r = RECIPES[name];
      const model = buildRecipe(name, { seed: 3 }, data);
      try {
        expect(model.family).toBe(r.family);
        expect(hasElbo(model)).toBe(r.capabilities.elbo);
        expect(hasLogLikelihood(model)).toBe(r.capabilities.elbo);
        expect(hasCodebook(model)).toBe(r.capabilities.codebook);
        expect(isConditional(model)).toBe(r.capabilities.labels);
        // A Gaussian prior samples at once; a fitted one only after fitPrior.
        expect(canSample(model)).toBe(r.capabilities.prior === 'gaussian');
        expect(canFitPrior(model)).toBe(r.capabilities.prior === 'fitted');
        const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 1);
        const labels = tf.tensor1d([1, 7], 'int32');
        const terms = model.lossTerms({ x, labels }, { training: false });
        expect('kl' in terms).toBe(r.capabilities.kl);
        tf.dispose([x, labels, ...Object.values(terms)]);
        expect(r.title.length).toBeGreaterThan(2);
        expect(r.description.length).toBeGreaterThan(10);
      } finally {
        model.dispose();
      }
    },
  );

  it('every default is an option the recipe reads', () => {
    for (const r of Object.values(RECIPES)) {
      for (const key of Object.keys(r.defaults)) expect(r.options).toContain(key);
    }
  });

  it('the conv recipes build convolutional networks', () => {
    for (const name of RECIPE_NAMES) {
      const model = buildRecipe(name, {}, data) as unknown as {
        encoder: { layers: { getClassName(): string }[] };
        dispose(): void;
      };
      const conv = model.encoder.layers.some((l) => l.getClassName() === 'Conv2D');
      expect(conv, name).toBe(RECIPES[name].capabilities.conv);
      model.dispose();
    }
  });
});

describe('buildRecipe', () => {
  it('vae is exactly the VAE class with the documented defaults (same weights for a seed)', async () => {
    const built = buildRecipe('vae', { seed: 5 }, data) as VAE;
    const direct = new VAE({
      inputShape: [28, 28, 1],
      latentDim: 16,
      hidden: [512],
      beta: 1,
      seed: 5,
    });
    expect(built.config).toEqual(direct.config);
    expect(await weights(built)).toEqual(await weights(direct));
    built.dispose();
    direct.dispose();
  });

  it('beta-vae defaults β to 4; a given β wins', () => {
    const four = buildRecipe('beta-vae', {}, data) as VAE;
    const two = buildRecipe('beta-vae', { beta: 2 }, data) as VAE;
    expect([four.config.beta, two.config.beta]).toEqual([4, 2]);
    four.dispose();
    two.dispose();
  });

  it('dae records its default noise; sparse-ae its L1 weight; conv-ae its preset', () => {
    const dae = buildRecipe('dae', {}, data) as Autoencoder;
    const sparse = buildRecipe('sparse-ae', { sparsityWeight: 0.5 }, data) as Autoencoder;
    const conv = buildRecipe('conv-ae', {}, data) as Autoencoder;
    expect(dae.config.denoising).toEqual({ corruption: 'gaussian', amount: 0.3 });
    expect(dae.config.latentDim).toBe(32);
    expect(sparse.config.sparsity).toEqual({ kind: 'l1', weight: 0.5 });
    expect(conv.config.preset).toBe('keras-conv-ae');
    expect(conv.latentDim).toBe(7 * 7 * 16);
    for (const m of [dae, sparse, conv]) m.dispose();
  });

  it('a preset sets the code size instead of the default latentDim', () => {
    expect(recipeOptions('ae', { preset: 'dense-ae-32' }).latentDim).toBeUndefined();
    const ae = buildRecipe('ae', { preset: 'torch-conv-ae' }, data) as Autoencoder;
    expect(ae.config.preset).toBe('torch-conv-ae');
    ae.dispose();
  });

  it('vq-vae: codebook defaults, EMA on, and real-valued data get a Gaussian likelihood', () => {
    const vq = buildRecipe('vq-vae', {}, { inputShape: [28, 28, 1], domain: 'real' }) as VQVAE;
    expect(vq.numCodes).toBe(64);
    expect(vq.config.codeDim).toBe(16);
    expect(vq.config.ema).toEqual({ decay: 0.99, epsilon: 1e-5 });
    expect(vq.config.deadCodeThreshold).toBe(1);
    expect(vq.config.likelihood).toBe('gaussian');
    vq.dispose();
  });

  it('cvae without labelled data is a MODEL_BAD_CONFIG error saying so', () => {
    expect(() => buildRecipe('cvae', {}, { inputShape: [28, 28, 1] })).toThrow(
      /model 'cvae' needs labelled data/,
    );
  });

  it('building and disposing leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    for (const name of ['ae', 'vae', 'vq-vae'] as RecipeName[]) {
      buildRecipe(name, {}, data).dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('recipe lookups', () => {
  it('an unknown name is a MODEL_BAD_CONFIG error listing the recipes', () => {
    try {
      recipe('vea');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ModelError);
      expect((error as ModelError).code).toBe('MODEL_BAD_CONFIG');
      expect((error as Error).message).toContain('ae, dae, sparse-ae, conv-ae, vae, beta-vae');
    }
  });

  it('unusedOptions names the given options a recipe does not read', () => {
    expect(unusedOptions('ae', { beta: 4, latentDim: 8 })).toEqual(['beta']);
    expect(unusedOptions('vae', { numCodes: 32, codeDim: undefined })).toEqual(['numCodes']);
    expect(unusedOptions('conv-ae', { latentDim: 8, hidden: [64] })).toEqual([
      'latentDim',
      'hidden',
    ]);
    expect(unusedOptions('vq-vae', { numCodes: 32, ema: false })).toEqual([]);
  });
});
