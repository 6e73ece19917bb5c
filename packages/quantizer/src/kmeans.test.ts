import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { kmeans } from './kmeans.js';
import {
  BLOB_CENTRES,
  blobs,
  rows,
  useCpuBackend,
  values,
  worstCentreError,
} from './testing.test-helpers.js';

useCpuBackend();

describe('kmeans', () => {
  it('lands within 0.1 of the centres of 4 well-separated blobs, with 1/4 of the points each', async () => {
    const perBlob = 50;
    const x = tf.tensor2d(blobs(perBlob, 0.2, 5), [4 * perBlob, 2]);
    for (const seed of [0, 1, 2]) {
      const { centres, counts } = kmeans(x, 4, { seed, iterations: 10 });
      expect(centres.shape).toEqual([4, 2]);
      const found = rows(await values(centres), 2);
      expect(worstCentreError(found, BLOB_CENTRES)).toBeLessThan(0.1);
      expect(await values(counts)).toEqual([perBlob, perBlob, perBlob, perBlob]);
    }
  });

  it('is reproducible for a seed and never picks the same vector twice', async () => {
    const x = tf.tensor2d([
      [0, 0],
      [0, 0],
      [5, 5],
      [9, 0],
    ]);
    const a = await values(kmeans(x, 3, { seed: 7, iterations: 1 }).centres);
    const b = await values(kmeans(x, 3, { seed: 7, iterations: 1 }).centres);
    expect(a).toEqual(b);
    expect(
      rows(a, 2)
        .map((r) => r.join(','))
        .sort(),
    ).toEqual(['0,0', '5,5', '9,0']);
  });

  it('needs at least k vectors', () => {
    expect(() => kmeans(tf.zeros([3, 2]), 4)).toThrow(
      expect.objectContaining({
        code: 'QUANTIZER_TOO_FEW_VECTORS',
        message: expect.stringContaining('needs at least k = 4 vectors'),
      }),
    );
    expect(() => kmeans(tf.zeros([8]), 4)).toThrow(
      expect.objectContaining({ code: 'QUANTIZER_BAD_SHAPE' }),
    );
  });
});
