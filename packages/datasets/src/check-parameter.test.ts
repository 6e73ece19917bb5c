import { describe, expect, it } from 'vitest';
import {
  checkFinite,
  checkNonNegative,
  checkPositiveInteger,
  checkProbability,
  checkRule,
} from './check-parameter.js';
import { DatasetError } from './dataset-error.js';

describe('parameter checks', () => {
  it('pass valid values through', () => {
    expect(checkProbability('f', 'p', 0)).toBe(0);
    expect(checkProbability('f', 'p', 1)).toBe(1);
    expect(checkNonNegative('f', 's', 0)).toBe(0);
    expect(checkPositiveInteger('f', 'n', 3)).toBe(3);
    expect(checkFinite('f', 'v', -2)).toBe(-2);
  });

  it.each<[string, () => unknown, RegExp]>([
    [
      'p > 1',
      () => checkProbability('f', 'p', 1.01),
      /f: p must be a number in \[0, 1\], got 1.01/,
    ],
    ['p NaN', () => checkProbability('f', 'p', Number.NaN), /got NaN/],
    ['p string', () => checkProbability('f', 'p', '0.5'), /got "0.5"\./],
    [
      'negative',
      () => checkNonNegative('f', 'std', -0.1),
      /f: std must be a finite number ≥ 0, got -0.1/,
    ],
    ['infinite', () => checkNonNegative('f', 'std', Number.POSITIVE_INFINITY), /got Infinity/],
    ['zero count', () => checkPositiveInteger('f', 'n', 0), /f: n must be an integer ≥ 1, got 0/],
    ['fraction', () => checkPositiveInteger('f', 'n', 2.5), /got 2.5/],
    [
      'not finite',
      () => checkFinite('f', 'v', Number.NaN),
      /f: v must be a finite number, got NaN/,
    ],
  ])('reject %s with DATASET_BAD_PARAMETER', (_what, fn, message) => {
    expect(fn).toThrow(message);
    expect(fn).toThrow(DatasetError);
    try {
      fn();
    } catch (e) {
      expect((e as DatasetError).code).toBe('DATASET_BAD_PARAMETER');
    }
  });
});

describe('checkRule', () => {
  it('throws the given code and appends the hint after the shared sentence', () => {
    const fn = () =>
      checkRule('batches', 'batchSize', 0, 'positive-integer', {
        code: 'DATASET_BAD_BATCH_SIZE',
        hint: 'Pass e.g. { batchSize: 128 }.',
      });
    expect(fn).toThrow(
      'batches: batchSize must be an integer ≥ 1, got 0. Pass e.g. { batchSize: 128 }.',
    );
    try {
      fn();
    } catch (e) {
      expect((e as DatasetError).code).toBe('DATASET_BAD_BATCH_SIZE');
    }
    expect(checkRule('f', 'n', 0, 'non-negative-integer')).toBe(0);
    expect(() => checkRule('f', 'n', 2 ** 53, 'positive-integer')).toThrow(/got 9007199254740992/);
  });
});
