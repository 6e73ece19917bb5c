import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node (see gradient-registration.test.ts).
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { absoluteValue } from './absolute-value.js';
import { useCpuBackend, values } from './testing.test-helpers.js';

useCpuBackend();

const xs = [-3.5, -1e-30, 0, 2, 1e4];

describe('absoluteValue', () => {
  it('is |x|', async () => {
    expect(await values(absoluteValue(tf.tensor1d(xs)))).toEqual(
      xs.map((x) => Math.abs(Math.fround(x))),
    );
  });

  it('has the gradient sign(x), 0 at x = 0', async () => {
    const g = tf.grad((x: tf.Tensor) => tf.sum(absoluteValue(x)))(tf.tensor1d(xs));
    expect(await values(g)).toEqual([-1, -1, 0, 1, 1]);
  });

  it('differs from tf.abs exactly at 0, where tfjs gives −1 (the reason this helper exists)', async () => {
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.abs(x)))(tf.tensor1d([0]));
    expect(await values(g)).toEqual([-1]);
  });
});
