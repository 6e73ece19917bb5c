import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { codeCounts, codeUsage, perplexity } from './code-statistics.js';
import { useCpuBackend, values } from './testing.test-helpers.js';

useCpuBackend();

const int = (xs: number[], shape?: number[]) => tf.tensor(xs, shape ?? [xs.length], 'int32');

/** Float64 perplexity of a histogram, written out. */
function perplexity64(counts: number[]): number {
  const total = counts.reduce((s, c) => s + c, 0);
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / total) * Math.log(c / total);
  return Math.exp(h);
}

describe('perplexity', () => {
  it('is K for a uniform histogram over K codes', async () => {
    const [p] = await values(perplexity(int([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]), 5));
    expect(p).toBeCloseTo(5, 5);
  });

  it('is 1 when one code takes every vector', async () => {
    expect(await values(perplexity(int([2, 2, 2, 2]), 8))).toEqual([1]);
  });

  it('matches the float64 entropy of an uneven histogram, for indices of any shape', async () => {
    const idx = [0, 0, 0, 1, 3, 3];
    const [p] = await values(perplexity(int(idx, [2, 3]), 4));
    expect(p).toBeCloseTo(perplexity64([3, 1, 0, 2]), 5);
  });
});

describe('codeUsage and codeCounts', () => {
  it('usage is the fraction of codes used at least once', async () => {
    expect(await values(codeUsage(int([0, 0, 3, 5]), 8))).toEqual([Math.fround(3 / 8)]);
    expect(await values(codeUsage(int([1, 0]), 2))).toEqual([1]);
  });

  it('counts are the histogram', async () => {
    expect(await values(codeCounts(int([0, 0, 3, 5], [2, 2]), 6))).toEqual([2, 0, 0, 1, 0, 1]);
  });

  it('reject float indices and a bad numCodes', () => {
    expect(() => perplexity(tf.tensor1d([0, 1]), 2)).toThrow(
      expect.objectContaining({
        code: 'QUANTIZER_BAD_DTYPE',
        message: expect.stringContaining('perplexity: indices must be an int32 tensor'),
      }),
    );
    expect(() => codeUsage(int([0]), 0)).toThrow(
      expect.objectContaining({
        code: 'QUANTIZER_BAD_OPTION',
        message: expect.stringContaining('codeUsage: numCodes must be an integer ≥ 1, got 0'),
      }),
    );
  });
});
