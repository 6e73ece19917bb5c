/**
 * Label one-hots on stock backends (tfjs-backend-wasm and -cpu from npm, without
 * `@ae/backend`'s kernel fixes): exact, as a conditional model needs them.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { oneHotLabels } from './gaussian-labels.js';

describe.each(['wasm', 'cpu'])('oneHotLabels on stock %s', (backend) => {
  it('gives exact float32 one-hot rows, from int or float labels, and leaks nothing', async () => {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    for (const labels of [tf.tensor1d([2, 0, 1], 'int32'), tf.tensor1d([2, 0, 1])]) {
      const hot = oneHotLabels(3, labels) as tf.Tensor;
      expect(hot.dtype).toBe('float32');
      expect(hot.shape).toEqual([3, 3]);
      expect(Array.from(hot.dataSync())).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
      tf.dispose([hot, labels]);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(oneHotLabels(undefined, undefined)).toBeUndefined();
  });
});
