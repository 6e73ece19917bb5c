import type { Dataset } from '@ae/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { codeUsage, perplexity } from './code-usage.js';
import {
  denseVq,
  expectNoLeak,
  expectRejects,
  recountCodes,
  tinyData,
} from './evaluation.test-helpers.js';
import { EvaluationError } from './evaluation-error.js';

/** exp(−Σ p log p) of a histogram, in float64. */
function perplexityOf(counts: ArrayLike<number>): number {
  const c = Array.from(counts);
  const total = c.reduce((a, b) => a + b, 0);
  return Math.exp(-c.reduce((h, n) => (n > 0 ? h + (n / total) * Math.log(n / total) : h), 0));
}

/** A fake quantizer: the code of each of the 16 positions is ⌊x · numCodes⌋ (int32 [b, 4, 4]). */
function pixelCodes(numCodes: number) {
  return {
    numCodes,
    codeIndices: (x: tf.Tensor) =>
      tf.cast(tf.floor(tf.mul(tf.reshape(x, [x.shape[0] as number, 4, 4]), numCodes)), 'int32'),
  };
}

/** `count` examples whose every pixel is `values[i]`. */
function constantImages(values: number[]): Dataset {
  const x = new Float32Array(values.length * 16);
  values.forEach((v, i) => {
    x.fill(v, 16 * i, 16 * i + 16);
  });
  return { name: 'constant', x, shape: [4, 4, 1], count: values.length };
}

describe('codeUsage', () => {
  it('counts every position of every example and gives hand-computed statistics', async () => {
    // Codes 0, 0, 1, 1, 3 (of 8) for 5 examples × 16 positions.
    const data = constantImages([0.05, 0.1, 0.2, 0.24, 0.4]);
    const usage = await codeUsage(pixelCodes(8), data, { batchSize: 2 });
    expect(usage.numCodes).toBe(8);
    expect(Array.from(usage.counts)).toEqual([32, 32, 0, 16, 0, 0, 0, 0]);
    // p = (0.4, 0.4, 0.2): H = −2·0.4 ln 0.4 − 0.2 ln 0.2.
    expect(usage.perplexity).toBeCloseTo(Math.exp(-0.8 * Math.log(0.4) - 0.2 * Math.log(0.2)), 12);
    expect(usage.usedFraction).toBe(3 / 8);
    // One code everywhere: perplexity 1.
    const one = await codeUsage(pixelCodes(8), constantImages([0.5, 0.55]));
    expect(one.perplexity).toBe(1);
  });

  it('matches a recount of a real VQ-VAE’s code indices', async () => {
    const vq = denseVq(6);
    const data = tinyData(40, 1);
    const counts = await recountCodes(vq, data);
    const usage = await codeUsage(vq, data, { batchSize: 16 });
    expect(Array.from(usage.counts)).toEqual(counts);
    expect(usage.perplexity).toBeCloseTo(perplexityOf(counts), 10);
    expect(usage.usedFraction).toBe(counts.filter((c) => c > 0).length / 6);
    await expectNoLeak(() => codeUsage(vq, data, { batchSize: 16 }));
    vq.dispose();
  });

  it('leaks no tensor', async () => {
    await expectNoLeak(() => codeUsage(pixelCodes(4), tinyData(9, 2), { batchSize: 4 }));
  });

  it('refuses bad models, options, indices and empty data, naming the value', async () => {
    const data = tinyData(3, 3);
    const bad = (run: () => Promise<unknown>, text: string) =>
      expectRejects(run, EvaluationError, text);
    await bad(
      () => codeUsage({ numCodes: 4 } as never, data),
      'codeUsage: the model has no codebook: it needs a codeIndices() method and numCodes',
    );
    await bad(
      () => codeUsage({ ...pixelCodes(4), numCodes: 0 }, data),
      'numCodes, a positive integer (the codebook size), got numCodes 0',
    );
    await bad(
      () => codeUsage(pixelCodes(4), data, { batchSize: -2 }),
      'batchSize must be an integer ≥ 1, got -2',
    );
    // Codes up to 7 from a model that claims 4.
    const wrong = { ...pixelCodes(8), numCodes: 4 };
    await bad(
      () => codeUsage(wrong, constantImages([0.9])),
      'model.codeIndices returned 7, outside the codebook [0, 4)',
    );
    await bad(() => codeUsage(pixelCodes(4), tinyData(0, 1)), "the dataset 'tiny' has no examples");
    const error = await codeUsage(pixelCodes(4), tinyData(0, 1)).catch((e: unknown) => e);
    expect((error as EvaluationError).code).toBe('EVAL_EMPTY_DATASET');
  });
});

describe('perplexity', () => {
  it('is the number of codes for uniform use, 1 for a single code, 0 for none', () => {
    expect(perplexity([5, 5, 5, 5])).toBeCloseTo(4, 12);
    expect(perplexity([0, 9, 0])).toBeCloseTo(1, 12);
    expect(perplexity([0, 0])).toBe(0);
    expect(perplexity([])).toBe(0);
  });

  it('matches exp(entropy) worked by hand, for counts and for fractions alike', () => {
    // p = (0.5, 0.25, 0.25): H = 0.5 ln 2 + 2 · 0.25 ln 4 = 1.5 ln 2 → exp(H) = 2^1.5.
    expect(perplexity([2, 1, 1])).toBeCloseTo(2 ** 1.5, 12);
    expect(perplexity(Float32Array.from([0.5, 0.25, 0.25]))).toBeCloseTo(2 ** 1.5, 12);
    expect(perplexity(Int32Array.from([3, 1, 0, 4]))).toBeCloseTo(perplexityOf([3, 1, 0, 4]), 12);
  });
});
