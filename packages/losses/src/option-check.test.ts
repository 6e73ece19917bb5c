import { describeValue, type NumberRule } from '@ae/core';
import { describe, expect, it } from 'vitest';
import { checkBoolean, checkEpsilon, checkNumber, checkReductionAmong } from './option-check.js';
import { expectLossError } from './testing.test-helpers.js';

describe('checkNumber', () => {
  const cases: Array<[NumberRule, unknown[], unknown[]]> = [
    ['finite', [0, -3.5, 1e300], [Number.NaN, Number.POSITIVE_INFINITY, '1', undefined]],
    ['positive', [1e-30, 2], [0, -1, Number.POSITIVE_INFINITY, Number.NaN]],
    ['non-negative', [0, 7], [-1e-9, Number.NaN, Number.POSITIVE_INFINITY, null]],
    ['positive-integer', [1, 12], [0, 2.5, -3, Number.NaN]],
    ['open-unit', [1e-9, 0.5, 0.999], [0, 1, -0.1, Number.NaN]],
    ['half-open-unit', [1, 0.01], [0, 1.0001, Number.NaN]],
  ];

  it.each(cases)('%s accepts %j and rejects the rest with LOSS_BAD_OPTION', (rule, good, bad) => {
    for (const v of good) expect(() => checkNumber('f', 'x', v, rule)).not.toThrow();
    for (const v of bad) {
      expectLossError(
        () => checkNumber('f', 'x', v, rule, 'a hint'),
        'LOSS_BAD_OPTION',
        'f: x must be ',
        ` (a hint), got ${describeValue(v)}.`,
      );
    }
  });
});

describe('checkEpsilon / checkBoolean', () => {
  it('epsilon must be in (0, 1) and representable in float32', () => {
    expect(() => checkEpsilon('f', 1e-7)).not.toThrow();
    for (const e of [0, 1, -1e-7, 1e-50, Number.NaN, '1e-7']) {
      expectLossError(
        () => checkEpsilon('f', e),
        'LOSS_BAD_OPTION',
        'f: epsilon must be a number with 0 < epsilon < 1 that float32 can represent',
        `, got ${describeValue(e)}.`,
      );
    }
  });

  it('booleans may be omitted but not replaced by other values', () => {
    expect(() => checkBoolean('f', 'flag', undefined)).not.toThrow();
    expect(() => checkBoolean('f', 'flag', false)).not.toThrow();
    expectLossError(
      () => checkBoolean('f', 'flag', 0),
      'LOSS_BAD_OPTION',
      'f: flag must be true or false, got 0.',
    );
  });
});

describe('checkReductionAmong', () => {
  it('accepts the allowed reductions, and separates unknown from inapplicable ones', () => {
    expect(() => checkReductionAmong('f', 'sum', ['sum', 'mean'], 'why')).not.toThrow();
    expectLossError(
      () => checkReductionAmong('f', 'none', ['sum', 'mean'], 'no elements'),
      'LOSS_BAD_OPTION',
      'f: reduction "none" does not apply (no elements); use one of "sum", "mean".',
    );
    expectLossError(
      () => checkReductionAmong('f', 'avg', ['sum'], 'why'),
      'LOSS_BAD_REDUCTION',
      '"avg"',
    );
  });
});
