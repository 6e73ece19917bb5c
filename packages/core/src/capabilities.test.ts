import { describe, expect, it } from 'vitest';
import {
  canFitPrior,
  canSample,
  hasCodebook,
  hasElbo,
  hasLogLikelihood,
  isConditional,
} from './capabilities.js';

const fn = () => undefined;

describe('capability guards', () => {
  it('look at members, not at names or classes', () => {
    const plain = { encode: fn, decode: fn };
    const vae = { ...plain, sample: fn, elbo: fn, logLikelihood: fn };
    const vq = { ...plain, codeIndices: fn, numCodes: 64, fitPrior: fn };
    expect([canSample(plain), hasElbo(plain), hasCodebook(plain), canFitPrior(plain)]).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect([canSample(vae), hasElbo(vae), hasLogLikelihood(vae), hasCodebook(vae)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect([canSample(vq), hasCodebook(vq), canFitPrior(vq)]).toEqual([false, true, true]);
  });

  it('a codebook needs a positive integer size beside codeIndices', () => {
    expect(hasCodebook({ codeIndices: fn, numCodes: 0 })).toBe(false);
    expect(hasCodebook({ codeIndices: fn, numCodes: 2.5 })).toBe(false);
    expect(hasCodebook({ codeIndices: 'no', numCodes: 8 })).toBe(false);
    expect(hasCodebook(null)).toBe(false);
  });

  it('a sample member that is not a function does not count', () => {
    expect(canSample({ sample: undefined })).toBe(false);
    expect(canSample(undefined)).toBe(false);
  });

  it('isConditional reads numClasses', () => {
    expect(isConditional({ numClasses: 10 })).toBe(true);
    expect(isConditional({ numClasses: 0 })).toBe(false);
    expect(isConditional({})).toBe(false);
  });
});
