import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Autoencoder } from './autoencoder.js';
import {
  type AutoencoderOptions,
  type AutoencoderPresetName,
  resolveAutoencoderConfig,
} from './autoencoder-config.js';
import { ModelError } from './model-error.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const base: AutoencoderOptions = { inputShape: [28, 28, 1], latentDim: 16 };

describe('resolveAutoencoderConfig', () => {
  it('fills the defaults and leaves the optional parts out', () => {
    expect(resolveAutoencoderConfig(base)).toEqual({
      inputShape: [28, 28, 1],
      latentDim: 16,
      hidden: [256],
      activation: 'relu',
      likelihood: 'bernoulli',
      seed: 0,
    });
  });

  it('derives latentDim from the preset code for the input size (h/4 · w/4 · 16 for keras-conv-ae)', () => {
    const derived = (preset: AutoencoderPresetName, shape: number[]) =>
      resolveAutoencoderConfig({ inputShape: shape, preset }).latentDim;
    expect(derived('dense-ae-32', [28, 28, 1])).toBe(32);
    expect(derived('keras-conv-ae', [28, 28, 1])).toBe(7 * 7 * 16);
    expect(derived('keras-conv-ae', [32, 32, 3])).toBe(8 * 8 * 16);
    // 28 → 14 → 7 (stride 2) → 7 − 7 + 1 = 1 (7×7 valid): a 1×1×64 code.
    expect(derived('bottleneck-conv-ae', [28, 28, 1])).toBe(64);
    // 28 → 14 → 7 (stride 2) → 7 (3×3, padding 1): a 7×7×64 code, as the PyTorch tutorial's.
    expect(derived('torch-conv-ae', [28, 28, 1])).toBe(7 * 7 * 64);
    // A matching latentDim is accepted.
    expect(
      resolveAutoencoderConfig({
        inputShape: [28, 28, 1],
        preset: 'bottleneck-conv-ae',
        latentDim: 64,
      }).latentDim,
    ).toBe(64);
  });

  it('keeps sparsity and denoising as given', () => {
    const c = resolveAutoencoderConfig({
      ...base,
      codeActivation: 'sigmoid',
      sparsity: { kind: 'kl', target: 0.05, weight: 3 },
      denoising: { corruption: 'masking', amount: 0.25 },
    });
    expect(c.sparsity).toEqual({ kind: 'kl', target: 0.05, weight: 3 });
    expect(c.denoising).toEqual({ corruption: 'masking', amount: 0.25 });
  });

  it('names the field, the value and what is accepted', () => {
    const bad = (options: object, pattern: RegExp) => {
      const call = () => resolveAutoencoderConfig({ ...base, ...options } as AutoencoderOptions);
      expect(call).toThrow(ModelError);
      expect(call).toThrow(expect.objectContaining({ code: 'MODEL_BAD_CONFIG' }));
      expect(call).toThrow(pattern);
    };
    bad({ latentDim: 0 }, /Autoencoder config: latentDim must be a positive integer, got 0/);
    bad({ inputShape: [] }, /inputShape must be a list of positive integers/);
    bad({ hidden: [64, -1] }, /hidden must be a list of positive layer widths .*, got \[64,-1\]/);
    bad({ activation: 'gelu' }, /activation must be one of relu, .*, got "gelu"/);
    bad({ likelihood: 'poisson' }, /likelihood must be one of bernoulli, gaussian, got "poisson"/);
    bad(
      { preset: 'keras-conv-vae' },
      /preset must be one of dense-ae-32, keras-conv-ae, torch-conv-ae, bottleneck-conv-ae \("keras-conv-vae" has a Gaussian code.*use the VAE class/,
    );
    bad({ preset: 'big-gan' }, /preset must be one of dense-ae-32, .*, got "big-gan"/);
    bad(
      { preset: 'keras-conv-ae', latentDim: 16 },
      /latentDim must be 784 \(the code size of preset "keras-conv-ae" for inputShape \[28, 28, 1\]\) or left out, got 16/,
    );
    bad(
      { preset: 'keras-conv-ae', inputShape: [30, 30, 1], latentDim: undefined },
      /preset "keras-conv-ae" does not fit inputShape \[30, 30, 1\]: convDecoder: layers\[2\]/,
    );
    bad(
      { preset: 'dense-ae-32', latentDim: undefined, codeActivation: 'sigmoid' },
      /codeActivation must be left out with preset "dense-ae-32"/,
    );
    bad({ sparsity: { kind: 'l2', weight: 1 } }, /sparsity must be \{ kind: 'l1', weight \} or/);
    bad({ sparsity: { kind: 'l1', weight: -1 } }, /sparsity.weight must be a finite number ≥ 0/);
    bad(
      { codeActivation: 'sigmoid', sparsity: { kind: 'kl', target: 1, weight: 1 } },
      /sparsity.target must be a mean activation ρ strictly between 0 and 1, such as 0.05, got 1/,
    );
    bad(
      { sparsity: { kind: 'kl', target: 0.05, weight: 1 } },
      /codeActivation must be 'sigmoid' with sparsity kind 'kl' .*, got "linear"/,
    );
    bad(
      { denoising: { corruption: '', amount: 0.3 } },
      /denoising must be \{ corruption, amount \}/,
    );
    bad(
      { denoising: { corruption: 'gaussian', amount: Number.NaN } },
      /denoising.amount must be .*, got NaN/,
    );
    bad({ seed: 1.5 }, /seed must be an integer, got 1.5/);
  });

  it('fails before any tensor or layer is allocated', () => {
    const before = tf.memory().numTensors;
    expect(() => new Autoencoder({ ...base, preset: 'torch-conv-vae' } as never)).toThrow(
      ModelError,
    );
    expect(() => new Autoencoder({ ...base, latentDim: -3 })).toThrow(ModelError);
    expect(tf.memory().numTensors).toBe(before);
  });
});
