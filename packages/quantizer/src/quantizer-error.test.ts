import { describe, expect, it } from 'vitest';
import { checkNumber, checkVectors, QuantizerError } from './quantizer-error.js';

describe('QuantizerError', () => {
  it('is an Error with a name and a stable code', () => {
    const e = new QuantizerError('QUANTIZER_BAD_DTYPE', 'f: indices must be int32.');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('QuantizerError');
    expect(e.code).toBe('QUANTIZER_BAD_DTYPE');
    expect(e.message).toBe('f: indices must be int32.');
  });

  it('checkNumber honours open and closed ends', () => {
    expect(checkNumber('f', 'a', 0, 'non-negative')).toBe(0);
    expect(() => checkNumber('f', 'a', 0, 'positive')).toThrow(
      'f: a must be a finite number > 0, got 0.',
    );
    expect(() => checkNumber('f', 'a', '1', 'non-negative')).toThrow('got "1"');
  });

  it('checkVectors returns the number of vectors and names the shape', () => {
    expect(checkVectors('f', 'z', [2, 3, 4], 4)).toBe(6);
    expect(() => checkVectors('f', 'z', [2, 3], 4)).toThrow(
      'f: z shape [2,3] must end in the code dimension 4',
    );
  });
});
