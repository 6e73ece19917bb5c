/**
 * The public surface, and the house leak test: every loss, every reduction, 100 calls,
 * `tf.memory().numTensors` unchanged once the results are disposed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from './index.js';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  klStandardNormal,
  type LossFunction,
  meanSquaredError,
  REDUCTIONS,
  type Reduction,
  reduce,
} from './index.js';
import { useCpuBackend } from './testing.test-helpers.js';

useCpuBackend();

// Compile-time check: the reconstruction losses fit the shared contract.
const reconstructionLosses: LossFunction[] = [
  meanSquaredError,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
];

describe('@ae/losses public API', () => {
  it('exports exactly the documented runtime values', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'LossError',
        'REDUCTIONS',
        'binaryCrossEntropy',
        'binaryCrossEntropyWithLogits',
        'isReduction',
        'klStandardNormal',
        'meanSquaredError',
        'reduce',
      ].sort(),
    );
    expect(reconstructionLosses).toHaveLength(3);
  });
});

describe('tensor ownership', () => {
  // Probabilities in (0, 1): valid inputs for every loss. Created after the backend is set.
  let a: tf.Tensor;
  let b: tf.Tensor;
  beforeAll(() => {
    a = tf.tidy(() => tf.sigmoid(tf.randomNormal([4, 3, 2], 0, 1, 'float32', 1)));
    b = tf.tidy(() => tf.sigmoid(tf.randomNormal([4, 3, 2], 0, 1, 'float32', 2)));
  });
  afterAll(() => tf.dispose([a, b]));

  const calls: Array<[string, (r: Reduction) => tf.Tensor]> = [];
  for (const loss of reconstructionLosses) {
    calls.push([loss.name, (reduction) => loss(a, b, { reduction })]);
  }
  calls.push(['klStandardNormal', (reduction) => klStandardNormal(a, b, { reduction })]);
  calls.push(['reduce', (reduction) => reduce(a, reduction)]);

  it.each(calls)('%s: 100 calls per reduction leave numTensors unchanged', (_name, call) => {
    const before = tf.memory().numTensors;
    for (const reduction of REDUCTIONS) {
      for (let i = 0; i < 100; i++) call(reduction).dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(a.isDisposed || b.isDisposed).toBe(false);
  });

  it('a rejected call allocates nothing', () => {
    const wrong = tf.zeros([4, 3]);
    const before = tf.memory().numTensors;
    expect(() => meanSquaredError(a, wrong)).toThrow(api.LossError);
    expect(() => klStandardNormal(a, b, { reduction: 'avg' as Reduction })).toThrow(api.LossError);
    expect(() => binaryCrossEntropy(a, b, { epsilon: 0 })).toThrow(api.LossError);
    expect(tf.memory().numTensors).toBe(before);
    wrong.dispose();
  });
});
