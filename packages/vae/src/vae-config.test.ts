import { describe, expect, it } from 'vitest';
import { ModelError } from './model-error.js';
import { resolveConditionalVAEConfig, resolveVAEConfig } from './vae-config.js';

describe('resolveVAEConfig', () => {
  it('fills the defaults and keeps optional fields only when given', () => {
    expect(resolveVAEConfig({ inputShape: [4, 4, 1], latentDim: 2 })).toEqual({
      inputShape: [4, 4, 1],
      latentDim: 2,
      hidden: [512],
      activation: 'relu',
      likelihood: 'bernoulli',
      outputVariance: 1,
      beta: 1,
      seed: 0,
    });
    const capacity = { gamma: 1000, max: 25, steps: 100 };
    expect(resolveVAEConfig({ inputShape: [3], latentDim: 1, capacity }).capacity).toEqual(
      capacity,
    );
  });

  it('takes latentDim from a Gaussian preset', () => {
    const c = resolveVAEConfig({ inputShape: [28, 28, 1], preset: 'torch-conv-vae' });
    expect(c).toMatchObject({ preset: 'torch-conv-vae', latentDim: 128 });
    expect(
      resolveVAEConfig({ inputShape: [28, 28, 1], preset: 'keras-conv-vae', latentDim: 2 })
        .latentDim,
    ).toBe(2);
  });

  it('names the field, the value and what is accepted', () => {
    const bad = (options: object, pattern: RegExp) => {
      const call = () =>
        resolveVAEConfig({ inputShape: [4, 4, 1], latentDim: 2, ...options } as never);
      expect(call).toThrow(ModelError);
      expect(call).toThrow(pattern);
    };
    bad({ latentDim: -1 }, /latentDim must be a positive integer, got -1/);
    bad({ beta: Number.NaN }, /beta must be a finite number ≥ 0, got NaN/);
    bad({ inputShape: [28, 'x'] }, /inputShape must be a list of positive integers/);
    bad({ activation: 'gelu' }, /activation must be one of relu/);
    bad({ likelihood: 'poisson' }, /likelihood must be one of bernoulli, gaussian, got "poisson"/);
    bad(
      { outputVariance: 0 },
      /outputVariance must be a finite number > 0 \(the fixed σ², e.g. 1\), got 0/,
    );
    bad(
      { capacity: { gamma: -1, max: 2, steps: 3 } },
      /capacity.gamma must be a finite number ≥ 0/,
    );
    bad(
      { capacity: { gamma: 1, max: 2, steps: 0.5 } },
      /capacity.steps must be a positive integer/,
    );
    bad(
      { capacity: { gamma: 1, max: 2, steps: 3 }, beta: 4 },
      /beta must be 1 \(or absent\) when capacity is set/,
    );
    bad(
      { preset: 'keras-conv-ae', inputShape: [28, 28, 1] },
      /preset must be a preset with a Gaussian latent \(torch-conv-vae, keras-conv-vae, bottleneck-conv-vae\)/,
    );
    bad(
      { preset: 'keras-conv-vae', inputShape: [28, 28, 1], latentDim: 5 },
      /latentDim must be 2 \(the latent size of preset 'keras-conv-vae'\) or absent, got 5/,
    );
    bad(
      { preset: 'bottleneck-conv-vae', inputShape: [4, 4, 1] },
      /preset 'bottleneck-conv-vae' does not fit inputShape \[4, 4, 1\]/,
    );
  });

  it('requires numClasses for a ConditionalVAE config', () => {
    expect(
      resolveConditionalVAEConfig({ inputShape: [3], latentDim: 1, numClasses: 4 }).numClasses,
    ).toBe(4);
    expect(() =>
      resolveConditionalVAEConfig({ inputShape: [3], latentDim: 1, numClasses: 0 }),
    ).toThrow(
      /ConditionalVAE config: numClasses must be a positive integer \(the number of label values, e.g. 10\), got 0/,
    );
    expect(() =>
      resolveConditionalVAEConfig({ inputShape: [3], latentDim: 1, numClasses: 2, beta: -1 }),
    ).toThrow(/ConditionalVAE config: beta must be a finite number ≥ 0, got -1/);
  });
});
