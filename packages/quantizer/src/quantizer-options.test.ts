import { describe, expect, it } from 'vitest';
import { resolveQuantizerOptions } from './quantizer-options.js';

describe('resolveQuantizerOptions', () => {
  it('fills in every default', () => {
    expect(resolveQuantizerOptions('t', { numCodes: 16, codeDim: 4 })).toEqual({
      numCodes: 16,
      codeDim: 4,
      commitmentWeight: 0.25,
      ema: null,
      deadCodeThreshold: 0,
      countDecay: 0.99,
      init: 'uniform',
      kmeansIterations: 10,
      seed: 0,
    });
  });

  it('accepts ema: true, a partial ema object, and uses its decay for the counts', () => {
    expect(resolveQuantizerOptions('t', { numCodes: 2, codeDim: 2, ema: true }).ema).toEqual({
      decay: 0.99,
      epsilon: 1e-5,
    });
    const r = resolveQuantizerOptions('t', { numCodes: 2, codeDim: 2, ema: { decay: 0.8 } });
    expect(r.ema).toEqual({ decay: 0.8, epsilon: 1e-5 });
    expect(r.countDecay).toBe(0.8);
  });

  it.each([
    [
      { numCodes: 2, codeDim: 2, ema: 'yes' },
      't: ema must be true, false or { decay, epsilon }, got "yes"',
    ],
    [
      { numCodes: 2, codeDim: 2, ema: { decay: 0 } },
      't: ema.decay must be a number strictly between 0 and 1, got 0',
    ],
    [
      { numCodes: 2, codeDim: 2, commitmentWeight: Number.NaN },
      't: commitmentWeight must be a finite number ≥ 0, got NaN',
    ],
    [
      { numCodes: 2, codeDim: 2, kmeansIterations: 0 },
      't: kmeansIterations must be an integer ≥ 1, got 0',
    ],
    [{ codeDim: 2 }, 't: numCodes must be an integer ≥ 1, got undefined'],
    [null, 't: options must be an object'],
  ])('rejects %j naming the field and value', (options, message) => {
    expect(() => resolveQuantizerOptions('t', options as never)).toThrow(
      expect.objectContaining({
        code: 'QUANTIZER_BAD_OPTION',
        message: expect.stringContaining(message),
      }),
    );
  });
});
