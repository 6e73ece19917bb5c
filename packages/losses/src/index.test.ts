/**
 * The public surface, and the house leak test: every tensor function, every reduction it
 * accepts, 100 calls each, `tf.memory().numTensors` unchanged once the results are disposed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from './index.js';
import {
  betaKl,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  capacityKl,
  type GaussianNllOptions,
  gaussianNll,
  importanceWeightedLogLikelihood,
  klDiagonalGaussians,
  klSparsityPenalty,
  klStandardNormal,
  type LaplaceNllOptions,
  type LossFunction,
  l1ActivityPenalty,
  laplaceNll,
  logMeanExp,
  meanAbsoluteError,
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
  meanAbsoluteError,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
];
const likelihoods: [LossFunction<GaussianNllOptions>, LossFunction<LaplaceNllOptions>] = [
  gaussianNll,
  laplaceNll,
];

describe('@ae/losses public API', () => {
  it('exports exactly the documented runtime values', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'BCE_WITH_LOGITS_KERNEL',
        'LossError',
        'REDUCTIONS',
        'betaKl',
        'binaryCrossEntropy',
        'binaryCrossEntropyWithLogits',
        'capacityKl',
        'constantSchedule',
        'cyclicalAnnealing',
        'gaussianNll',
        'importanceWeightedLogLikelihood',
        'isReduction',
        'klDiagonalGaussians',
        'klSparsityPenalty',
        'klStandardNormal',
        'l1ActivityPenalty',
        'laplaceNll',
        'linearCapacity',
        'linearWarmup',
        'logMeanExp',
        'meanAbsoluteError',
        'meanSquaredError',
        'reduce',
      ].sort(),
    );
    expect(reconstructionLosses).toHaveLength(4);
    expect(likelihoods).toHaveLength(2);
  });
});

describe('tensor ownership', () => {
  // Probabilities in (0, 1): valid inputs for every function. Created after the backend is set.
  let a: tf.Tensor;
  let b: tf.Tensor;
  let weights: tf.Tensor; // [batch, K] log-weights
  beforeAll(() => {
    a = tf.tidy(() => tf.sigmoid(tf.randomNormal([4, 3, 2], 0, 1, 'float32', 1)));
    b = tf.tidy(() => tf.sigmoid(tf.randomNormal([4, 3, 2], 0, 1, 'float32', 2)));
    weights = tf.reshape(a, [4, 6]);
  });
  afterAll(() => tf.dispose([a, b, weights]));

  const all = REDUCTIONS;
  const calls: Array<[string, readonly Reduction[], (r: Reduction) => tf.Tensor]> = [];
  for (const loss of reconstructionLosses) {
    calls.push([loss.name, all, (reduction) => loss(a, b, { reduction })]);
  }
  calls.push(['gaussianNll', all, (reduction) => gaussianNll(a, b, { reduction, logVar: a })]);
  calls.push(['gaussianNll fixed', all, (reduction) => gaussianNll(a, b, { reduction })]);
  calls.push(['laplaceNll', all, (reduction) => laplaceNll(a, b, { reduction, logScale: a })]);
  calls.push(['laplaceNll fixed', all, (reduction) => laplaceNll(a, b, { reduction, scale: 2 })]);
  calls.push(['klStandardNormal', all, (reduction) => klStandardNormal(a, b, { reduction })]);
  calls.push([
    'klDiagonalGaussians',
    all,
    (reduction) => klDiagonalGaussians(a, b, b, a, { reduction }),
  ]);
  calls.push(['betaKl', all, (reduction) => betaKl(a, b, { beta: 4, reduction })]);
  calls.push([
    'capacityKl',
    ['batch-mean', 'per-example'],
    (reduction) =>
      capacityKl(a, b, { gamma: 1000, capacity: 2, reduction: reduction as 'batch-mean' }),
  ]);
  calls.push(['l1ActivityPenalty', all, (reduction) => l1ActivityPenalty(a, { reduction })]);
  calls.push([
    'klSparsityPenalty',
    ['sum', 'mean', 'none'],
    (reduction) => klSparsityPenalty(a, { target: 0.1, reduction: reduction as 'sum' }),
  ]);
  calls.push(['logMeanExp', ['none'], () => logMeanExp(a, { axis: 1 })]);
  calls.push([
    'importanceWeightedLogLikelihood',
    all,
    (reduction) => importanceWeightedLogLikelihood(weights, { reduction }),
  ]);
  calls.push(['reduce', all, (reduction) => reduce(a, reduction)]);

  it.each(calls)(
    '%s: 100 calls per reduction leave numTensors unchanged',
    (_name, reductions, call) => {
      const before = tf.memory().numTensors;
      for (const reduction of reductions) {
        for (let i = 0; i < 100; i++) call(reduction).dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
      expect(a.isDisposed || b.isDisposed).toBe(false);
    },
  );

  it('a rejected call allocates nothing', () => {
    const wrong = tf.zeros([4, 3]);
    const before = tf.memory().numTensors;
    expect(() => meanSquaredError(a, wrong)).toThrow(api.LossError);
    expect(() => klStandardNormal(a, b, { reduction: 'avg' as Reduction })).toThrow(api.LossError);
    expect(() => binaryCrossEntropy(a, b, { epsilon: 0 })).toThrow(api.LossError);
    expect(() => gaussianNll(a, b, { variance: 0 })).toThrow(api.LossError);
    expect(() => laplaceNll(a, b, { logScale: wrong })).toThrow(api.LossError);
    expect(() => klDiagonalGaussians(a, b, a, wrong)).toThrow(api.LossError);
    expect(() =>
      capacityKl(a, b, { gamma: 1, capacity: 1, reduction: 'none' as 'batch-mean' }),
    ).toThrow(api.LossError);
    expect(() => klSparsityPenalty(a, { target: 2 })).toThrow(api.LossError);
    expect(() => logMeanExp(a, { axis: 3 })).toThrow(api.LossError);
    expect(() => importanceWeightedLogLikelihood(a)).toThrow(api.LossError);
    expect(tf.memory().numTensors).toBe(before);
    wrong.dispose();
  });
});
