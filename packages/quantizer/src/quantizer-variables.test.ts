import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { resolveQuantizerOptions } from './quantizer-options.js';
import { adoptQuantizerVariables, createQuantizerVariables } from './quantizer-variables.js';
import { useCpuBackend, values } from './testing.test-helpers.js';

useCpuBackend();

describe('quantizer variables', () => {
  it('creates only what the options need, with the documented starting values', async () => {
    const plain = createQuantizerVariables(
      resolveQuantizerOptions('t', { numCodes: 3, codeDim: 2 }),
    );
    expect(plain.codeSum).toBeNull();
    expect(plain.initialized).toBeNull();
    expect(plain.codebook.trainable).toBe(true);
    expect(await values(plain.clusterSize)).toEqual([1, 1, 1]);
    const full = createQuantizerVariables(
      resolveQuantizerOptions('t', { numCodes: 3, codeDim: 2, ema: true, init: 'kmeans' }),
    );
    expect(full.codebook.trainable).toBe(false);
    expect(await values(full.codeSum as tf.Variable)).toEqual(await values(full.codebook));
    expect(await values(full.initialized as tf.Variable)).toEqual([0]);
    tf.dispose([...Object.values(plain), ...Object.values(full)].filter((v) => v !== null));
  });

  it('refuses adopted variables of the wrong shape or missing ones, naming them', () => {
    const options = resolveQuantizerOptions('t', { numCodes: 3, codeDim: 2, ema: true });
    const codebook = tf.variable(tf.zeros([3, 2]));
    const clusterSize = tf.variable(tf.zeros([3]));
    expect(() => adoptQuantizerVariables(options, { codebook, clusterSize })).toThrow(
      expect.objectContaining({
        code: 'QUANTIZER_BAD_SHAPE',
        message: expect.stringContaining('codeSum must have shape [3,2], got undefined'),
      }),
    );
    expect(() =>
      adoptQuantizerVariables(options, { codebook: clusterSize, clusterSize, codeSum: codebook }),
    ).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('codebook must have shape [3,2], got [3]'),
      }),
    );
    tf.dispose([codebook, clusterSize]);
  });
});
