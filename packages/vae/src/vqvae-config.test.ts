import { describe, expect, it } from 'vitest';
import { ModelError } from './model-error.js';
import { resolveVQVAEConfig, type VQVAEOptions } from './vqvae-config.js';

describe('resolveVQVAEConfig', () => {
  it('fills in the documented defaults', () => {
    expect(resolveVQVAEConfig({ inputShape: [28, 28, 1] })).toEqual({
      inputShape: [28, 28, 1],
      numCodes: 64,
      codeDim: 16,
      architecture: 'conv',
      filters: [32, 64],
      hidden: [256],
      activation: 'relu',
      commitmentWeight: 0.25,
      ema: false,
      deadCodeThreshold: 0,
      init: 'uniform',
      likelihood: 'bernoulli',
      seed: 0,
    });
    expect(resolveVQVAEConfig({ inputShape: [12] }).architecture).toBe('dense');
    expect(resolveVQVAEConfig({ inputShape: [4, 4, 1], ema: true }).ema).toEqual({
      decay: 0.99,
      epsilon: 1e-5,
    });
    expect(resolveVQVAEConfig({ inputShape: [4, 4, 1], ema: { decay: 0.9 } }).ema).toEqual({
      decay: 0.9,
      epsilon: 1e-5,
    });
  });

  it('derives codeDim from a preset and refuses a different one', () => {
    expect(resolveVQVAEConfig({ inputShape: [28, 28, 1], preset: 'keras-conv-ae' }).codeDim).toBe(
      16,
    );
    expect(resolveVQVAEConfig({ inputShape: [28, 28, 1], preset: 'torch-conv-ae' }).codeDim).toBe(
      64,
    );
    expect(
      resolveVQVAEConfig({ inputShape: [28, 28, 1], preset: 'bottleneck-conv-ae' }).codeDim,
    ).toBe(64);
    expect(resolveVQVAEConfig({ inputShape: [28, 28, 1], preset: 'dense-ae-32' }).codeDim).toBe(32);
    expect(() =>
      resolveVQVAEConfig({ inputShape: [28, 28, 1], preset: 'keras-conv-ae', codeDim: 8 }),
    ).toThrow(
      /codeDim must be 16 \(the code channels of preset "keras-conv-ae"\) or left out, got 8/,
    );
    expect(() =>
      resolveVQVAEConfig({ inputShape: [28, 28, 1], preset: 'keras-conv-vae' as never }),
    ).toThrow(
      /preset must be one of dense-ae-32, keras-conv-ae, torch-conv-ae, bottleneck-conv-ae/,
    );
  });

  it('names the field, the value and what is accepted', () => {
    const bad = (options: object, pattern: RegExp) => {
      const call = () =>
        resolveVQVAEConfig({ inputShape: [28, 28, 1], ...options } as VQVAEOptions);
      expect(call).toThrow(ModelError);
      expect(call).toThrow(pattern);
      try {
        call();
      } catch (error) {
        expect((error as ModelError).code).toBe('MODEL_BAD_CONFIG');
      }
    };
    bad({ inputShape: [28, 0] }, /VQVAE config: inputShape must be a list of positive integers/);
    bad({ numCodes: 0 }, /numCodes must be a positive integer such as 64, got 0/);
    bad({ codeDim: 2.5 }, /codeDim must be a positive integer such as 16, got 2.5/);
    bad({ architecture: 'rnn' }, /architecture must be one of conv, dense, got "rnn"/);
    bad({ filters: [] }, /filters must be a non-empty list of positive channel counts/);
    bad({ filters: [8, 8, 8] }, /filters must be .*divisible by 2\^3 = 8.*, got \[8,8,8\]/);
    bad(
      { inputShape: [12], architecture: 'conv' },
      /inputShape must be \[height, width, channels\] with architecture 'conv'/,
    );
    bad({ hidden: [0] }, /hidden must be a list of positive layer widths/);
    bad({ activation: 'gelu' }, /activation must be one of relu/);
    bad(
      { commitmentWeight: -1 },
      /commitmentWeight must be a finite number ≥ 0 such as 0.25, got -1/,
    );
    bad({ ema: 'yes' }, /ema must be true, false or \{ decay, epsilon \}, got "yes"/);
    bad(
      { ema: { decay: 1 } },
      /ema.decay must be a number strictly between 0 and 1 such as 0.99, got 1/,
    );
    bad({ ema: { epsilon: 0 } }, /ema.epsilon must be a finite number > 0 such as 1e-5, got 0/);
    bad(
      { deadCodeThreshold: Number.NaN },
      /deadCodeThreshold must be a finite number ≥ 0 .*got NaN/,
    );
    bad({ init: 'random' }, /init must be 'uniform' or 'kmeans', got "random"/);
    bad({ likelihood: 'laplace' }, /likelihood must be one of bernoulli, gaussian, got "laplace"/);
    bad({ seed: 0.5 }, /seed must be an integer, got 0.5/);
    bad(
      { inputShape: [30, 30, 1], preset: 'torch-conv-ae' },
      /preset "torch-conv-ae" does not fit inputShape \[30, 30, 1\]/,
    );
  });
});
