import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node.
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { stopGradient, straightThrough } from './stop-gradient.js';
import { useCpuBackend, values } from './testing.test-helpers.js';

useCpuBackend();

describe('stopGradient', () => {
  it('keeps the value and blocks the gradient: d/dv [v² + sg(v²)] = 2v', async () => {
    const x = tf.tensor1d([1, -2, 3]);
    expect(await values(stopGradient(x))).toEqual([1, -2, 3]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.add(tf.square(v), stopGradient(tf.square(v)))))(
      x,
    );
    expect(await values(g)).toEqual([2, -4, 6]);
  });
});

describe('straightThrough', () => {
  it('has the value of q exactly and passes the upstream gradient to x only', async () => {
    const x = tf.tensor1d([0.1, 0.7, -0.3]);
    const q = tf.tensor1d([0, 1, 0]);
    expect(await values(straightThrough(x, q))).toEqual([0, 1, 0]);
    // L = Σ w·st(x, q)³ ⇒ dL/dx = 3w·q², dL/dq = 0.
    const w = tf.tensor1d([2, 3, 4]);
    const [gx, gq] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(w, tf.pow(straightThrough(a, b), 3))),
    )([x, q]);
    expect(await values(gx as tf.Tensor)).toEqual([0, 9, 0]);
    expect(await values(gq as tf.Tensor)).toEqual([0, 0, 0]);
  });
});
