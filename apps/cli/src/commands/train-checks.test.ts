import type { Dataset } from '@ae/datasets';
import { describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { checkBinarize, checkModelFlags } from './train-checks.js';

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
