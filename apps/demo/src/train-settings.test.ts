import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DemoError } from './demo-error.js';
import {
  buildModel,
  checkSettings,
  DEFAULT_SETTINGS,
  MODEL_KINDS,
  type TrainSettings,
} from './train-settings.js';

beforeAll(async () => {
  tf.env().set('IS_TEST', true); // no "install tfjs-node" banner in the test output
  await tf.setBackend('cpu');
});

describe('checkSettings', () => {
  it('accepts the defaults', () => {
    expect(checkSettings({ ...DEFAULT_SETTINGS })).toEqual(DEFAULT_SETTINGS);
  });

  it.each([
    ['latentDim', 0, 'latent dim'],
    ['latentDim', 2.5, 'latent dim'],
    ['epochs', 0, 'epochs'],
    ['learningRate', 0, 'learning rate'],
    ['learningRate', Number.NaN, 'learning rate'],
    ['batchSize', 5000, 'batch size'],
    ['hidden', 4, 'hidden units'],
    ['model', 'gan', 'model'],
  ] as const)('refuses %s = %s, naming the field and the value', (key, value, name) => {
    const bad = { ...DEFAULT_SETTINGS, [key]: value } as TrainSettings;
    expect(() => checkSettings(bad)).toThrow(DemoError);
    try {
      checkSettings(bad);
    } catch (error) {
      expect((error as DemoError).code).toBe('SETTINGS_INVALID');
      expect((error as DemoError).message).toContain(name);
      expect((error as DemoError).message).toContain(JSON.stringify(value));
    }
  });
});

describe('buildModel', () => {
  it.each(MODEL_KINDS)('builds %s with the requested code size and decodes it', (model) => {
    const m = buildModel({ ...DEFAULT_SETTINGS, model, latentDim: 3, hidden: 16 }, 10);
    try {
      expect(m.latentDim).toBe(3);
      expect(m.numClasses ?? 0).toBe(model === 'cvae' ? 10 : 0);
      const labels = model === 'cvae' ? tf.tensor1d([4, 7], 'int32') : undefined;
      const y = m.decode(tf.zeros([2, 3]), labels ? { labels } : {});
      expect(y.shape).toEqual([2, 28, 28, 1]);
      tf.dispose([y, labels]);
    } finally {
      m.dispose();
    }
  });
});
