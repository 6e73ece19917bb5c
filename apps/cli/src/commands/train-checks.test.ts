import type { Dataset } from '@ae/datasets';
import { describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { checkBinarize, checkModelFlags, checkUnusedOptions } from './train-checks.js';

const pixels = (domain?: 'unit' | 'real'): Dataset => ({
  name: domain === 'real' ? 'csv:readings.csv' : 'mnist-train',
  x: new Float32Array(4),
  shape: [2, 2, 1],
  count: 1,
  ...(domain ? { domain } : {}),
});

describe('checkModelFlags', () => {
  it('lets --activation through for every dense family', () => {
    for (const model of ['ae', 'dae', 'sparse-ae', 'vae', 'beta-vae', 'cvae'] as const) {
      expect(() => checkModelFlags({ model, activation: 'tanh' })).not.toThrow();
    }
    expect(() => checkModelFlags({ model: 'vq-vae' })).not.toThrow();
    expect(() => checkModelFlags({ model: 'vae', preset: 'torch-conv-vae' })).not.toThrow();
  });

  it('refuses --activation with a preset, naming both flags', () => {
    const f = () => checkModelFlags({ model: 'vae', preset: 'torch-conv-vae', activation: 'elu' });
    expect(f).toThrow(CliError);
    expect(f).toThrow(
      '--activation elu: --preset torch-conv-vae fixes the layers and their activations; drop one of the two flags.',
    );
  });

  it('refuses --activation for the convolutional families', () => {
    for (const model of ['vq-vae', 'conv-ae'] as const) {
      expect(() => checkModelFlags({ model, activation: 'tanh' })).toThrow(
        new RegExp(
          `^--activation tanh: a '${model}' model has convolutional networks.*Drop it\\.$`,
        ),
      );
    }
  });

  it('still refuses a KL schedule for a model without a KL term', () => {
    expect(() =>
      checkModelFlags({ model: 'ae', klSchedule: { kind: 'warmup', epochs: 2 } }),
    ).toThrow("--kl-schedule: a 'ae' model has no KL term");
    expect(() => checkModelFlags({ model: 'ae', klSchedule: { kind: 'constant' } })).not.toThrow();
  });
});

describe('checkBinarize', () => {
  it('accepts pixel data (domain unit or absent) and mode none on any data', () => {
    expect(() => checkBinarize('dynamic', pixels())).not.toThrow();
    expect(() => checkBinarize('dynamic', pixels('unit'))).not.toThrow();
    expect(() => checkBinarize('none', pixels('real'))).not.toThrow();
    expect(() => checkBinarize(undefined, pixels('real'))).not.toThrow();
  });

  it('refuses dynamic binarization of real-valued data, naming the flag and the data', () => {
    const f = () => checkBinarize('dynamic', pixels('real'));
    expect(f).toThrow(CliError);
    expect(f).toThrow(
      /^--binarize dynamic: csv:readings.csv holds real-valued features .*Drop --binarize or train on image data\.$/,
    );
  });
});

describe('checkUnusedOptions', () => {
  const all = () => true;

  it('lets through what a model reads, and defaults that were not given', () => {
    expect(() =>
      checkUnusedOptions({ model: 'vae', beta: 2, latentDim: 4, seed: 1 }, all),
    ).not.toThrow();
    expect(() =>
      checkUnusedOptions({ model: 'vq-vae', codes: 8, codeDim: 4, ema: false, seed: 0 }, all),
    ).not.toThrow();
    // commander fills ema: true and seed: 0 for every run; a recipe default is no choice.
    expect(() =>
      checkUnusedOptions({ model: 'conv-ae', ema: true, seed: 0, beta: 4 }, (k) => k === 'seed'),
    ).not.toThrow();
  });

  it('names every given option the recipe does not read, as flags, a usage error', () => {
    const f = () =>
      checkUnusedOptions({ model: 'ae', beta: 2, codes: 8, ema: false, seed: 0 }, all);
    expect(f).toThrow(CliError);
    expect(f).toThrow(/^--beta 2, --codes 8, --no-ema: --model ae does not use them/);
    try {
      f();
    } catch (error) {
      expect((error as CliError).exitCode).toBe(2);
      expect((error as CliError).code).toBe('CLI_UNUSED_OPTION');
    }
  });

  it('refuses what a given preset fixes, and --hidden for a vq-vae', () => {
    expect(() =>
      checkUnusedOptions({ model: 'ae', preset: 'dense-ae-32', latentDim: 32, seed: 0 }, all),
    ).toThrow(/^--latent-dim 32: --preset dense-ae-32 fixes the layers and the code size/);
    expect(() => checkUnusedOptions({ model: 'vq-vae', hidden: [64, 32], seed: 0 }, all)).toThrow(
      /^--hidden 64,32: --model vq-vae builds convolutional networks here/,
    );
  });
});
