import { describe, expect, it } from 'vitest';
import {
  describeValue,
  mustBe,
  NUMBER_RULE_TEXT,
  type NumberRule,
  numberChecker,
  obeys,
  shapeSize,
} from './checks.js';

describe('obeys', () => {
  // Each rule with values on both sides of every boundary it has.
  const cases: Record<NumberRule, { yes: unknown[]; no: unknown[] }> = {
    finite: { yes: [0, -3.5, 1e308], no: [Number.NaN, Number.POSITIVE_INFINITY, '1', null] },
    integer: { yes: [0, -7, 2 ** 53 - 1], no: [0.5, 2 ** 53, Number.NaN, '3'] },
    positive: { yes: [1e-300, 2], no: [0, -1, Number.POSITIVE_INFINITY] },
    'non-negative': { yes: [0, 4], no: [-1e-9, Number.NaN, Number.POSITIVE_INFINITY] },
    'positive-integer': { yes: [1, 10], no: [0, 1.5, -2, 2 ** 53, '1', undefined] },
    'non-negative-integer': { yes: [0, 3], no: [-1, 0.1] },
    probability: { yes: [0, 0.5, 1], no: [-0.01, 1.01, Number.NaN] },
    rate: { yes: [0, 0.99], no: [1, -0.1] },
    'open-unit': { yes: [0.001, 0.999], no: [0, 1] },
    'half-open-unit': { yes: [1, 0.2], no: [0, 1.2] },
  };
  for (const [rule, { yes, no }] of Object.entries(cases) as [
    NumberRule,
    { yes: unknown[]; no: unknown[] },
  ][]) {
    it(`${rule}: accepts ${yes.map(String).join(', ')} and refuses ${no.map(String).join(', ')}`, () => {
      for (const v of yes) expect(obeys(v, rule), `${String(v)}`).toBe(true);
      for (const v of no) expect(obeys(v, rule), `${String(v)}`).toBe(false);
      expect(NUMBER_RULE_TEXT[rule].length).toBeGreaterThan(5);
    });
  }
});

describe('mustBe and describeValue', () => {
  it('write one sentence naming where, the field, the expectation and the value', () => {
    expect(mustBe('VAE config', 'latentDim', NUMBER_RULE_TEXT['positive-integer'], 0)).toBe(
      'VAE config: latentDim must be an integer ≥ 1, got 0.',
    );
    expect(describeValue('x')).toBe('"x"');
    expect(describeValue([1, 2])).toBe('[1,2]');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(Number.NaN)).toBe('NaN');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe('[object Object]');
  });

  it("numberChecker passes an obeying value through and throws the caller's error otherwise", () => {
    class MyError extends Error {
      readonly code = 'MY_BAD_OPTION';
    }
    const check = numberChecker((message) => new MyError(message));
    expect(check('f', 'n', 3, 'positive-integer')).toBe(3);
    expect(() => check('f', 'rate', 1, 'rate')).toThrow(MyError);
    expect(() => check('f', 'rate', 1, 'rate')).toThrow(
      'f: rate must be a number in [0, 1), got 1.',
    );
  });

  it('shapeSize multiplies the sizes', () => {
    expect(shapeSize([28, 28, 1])).toBe(784);
    expect(shapeSize([])).toBe(1);
  });
});
