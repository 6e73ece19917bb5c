import { describe, expect, it } from 'vitest';
import { LossError } from './loss-error.js';

describe('LossError', () => {
  it('is an Error with a stable code and name', () => {
    const err = new LossError('LOSS_SHAPE_MISMATCH', 'f: a shape [1] does not match b shape [2].');
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(LossError);
    expect(err.code).toBe('LOSS_SHAPE_MISMATCH');
    expect(err.name).toBe('LossError');
    expect(err.message).toBe('f: a shape [1] does not match b shape [2].');
    expect(String(err)).toBe('LossError: f: a shape [1] does not match b shape [2].');
  });
});
