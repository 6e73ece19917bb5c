import { describe, expect, it } from 'vitest';
import { perplexity } from './code-usage-view.js';

describe('perplexity', () => {
  it('is the number of codes for uniform use and 1 for a single code', () => {
    expect(perplexity([5, 5, 5, 5])).toBeCloseTo(4, 12);
    expect(perplexity([0, 9, 0])).toBeCloseTo(1, 12);
    expect(perplexity([0, 0])).toBe(0);
  });
  it('matches exp(entropy) worked by hand', () => {
    // p = (0.5, 0.25, 0.25): H = 0.5 ln 2 + 2 · 0.25 ln 4 = 1.5 ln 2 → exp(H) = 2^1.5
    expect(perplexity([2, 1, 1])).toBeCloseTo(2 ** 1.5, 12);
  });
});
