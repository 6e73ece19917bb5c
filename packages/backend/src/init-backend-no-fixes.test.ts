/**
 * initBackend({ replaceFaultyKernels: false }) in a fresh process: tfjs's own
 * kernels stay, which also pins down the upstream wasm MaxPoolGrad fault that
 * the default replaces.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers gradients for the Node build of tfjs-core
import { describe, expect, it } from 'vitest';
import { initBackend } from './init-backend.js';

/** Gradient of the sum of a 2×2 max pool over two all-negative windows. */
function maxPoolGradient(): number[] {
  return tf.tidy(() => {
    const x = tf.tensor4d([-4, -1, -3, -2, -0.5, -7, -6, -8], [1, 2, 4, 1]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')))(x);
    return Array.from(g.dataSync());
  });
}

describe('initBackend with replaceFaultyKernels: false', () => {
  it('adds missing kernels but keeps the faulty ones (wasm MaxPoolGrad misroutes negative windows)', async () => {
    const info = await initBackend({ prefer: 'wasm', replaceFaultyKernels: false });
    expect(info.addedKernels).toEqual(['Conv2DBackpropFilter', 'UnsortedSegmentSum']);
    expect(info.replacedKernels).toEqual([]);
    // The maxima are at flat indices 4 and 3; tfjs-backend-wasm 4.22 gets this wrong.
    expect(maxPoolGradient()).not.toEqual([0, 0, 0, 1, 1, 0, 0, 0]);
  });

  it('replaces them on a later default call, and then reports them even when asked not to', async () => {
    const info = await initBackend({ prefer: 'wasm' });
    expect(info.replacedKernels).toContain('MaxPoolGrad');
    expect(maxPoolGradient()).toEqual([0, 0, 0, 1, 1, 0, 0, 0]);
    const again = await initBackend({ prefer: 'wasm', replaceFaultyKernels: false });
    expect(again.replacedKernels).toEqual(info.replacedKernels);
  });
});
