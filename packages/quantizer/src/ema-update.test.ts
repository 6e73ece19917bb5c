import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { countMovingAverage, emaUpdate } from './ema-update.js';
import { expectClose, useCpuBackend, values } from './testing.test-helpers.js';

useCpuBackend();

describe('emaUpdate', () => {
  it('one step equals the hand-written EMA formula with Laplace smoothing', async () => {
    const decay = 0.9;
    const epsilon = 0.1;
    const size = [1, 2, 0.5];
    const sum = [
      [1, 1],
      [2, 0],
      [0, 1],
    ];
    const x = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    const idx = [0, 0, 2];
    const out = emaUpdate(
      { clusterSize: tf.tensor1d(size), codeSum: tf.tensor2d(sum) },
      tf.tensor2d(x),
      tf.tensor1d(idx, 'int32'),
      { decay, epsilon },
    );
    // Batch statistics, by hand: code 0 got x0 + x1, code 1 nothing, code 2 got x2.
    const n = [2, 0, 1];
    const s = [
      [4, 6],
      [0, 0],
      [5, 6],
    ];
    const size1 = size.map((c, k) => decay * c + (1 - decay) * (n[k] as number));
    const sum1 = sum.map((row, k) => row.map((v, j) => decay * v + (1 - decay) * (s[k]?.[j] ?? 0)));
    const total = size1.reduce((a, b) => a + b, 0);
    const smoothed = size1.map((c) => ((c + epsilon) / (total + 3 * epsilon)) * total);
    const codebook = sum1.map((row, k) => row.map((v) => v / (smoothed[k] as number)));
    expectClose(await values(out.clusterSize), size1, { rtol: 1e-6 });
    expectClose(await values(out.codeSum), sum1.flat(), { rtol: 1e-6 });
    expectClose(await values(out.codebook), codebook.flat(), { rtol: 1e-6 });
    // Spot-check one number fully by hand: N_0 = 0.9·1 + 0.1·2.
    expect((await values(out.clusterSize))[0]).toBeCloseTo(1.1, 6);
  });

  it('countMovingAverage is the count half of the same formula', async () => {
    const out = countMovingAverage(tf.tensor1d([1, 1]), tf.tensor1d([1, 1, 1], 'int32'), 0.5);
    expect(await values(out)).toEqual([0.5, 0.5 + 1.5]);
  });
});
