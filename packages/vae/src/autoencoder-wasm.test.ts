import '@tensorflow/tfjs-layers';
import { initBackend } from '@ae/backend';
import { toTensor } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Autoencoder } from './autoencoder.js';

beforeAll(async () => {
  // wasm gets the convolution-filter gradient it lacks (and correct pooling/upsampling
  // gradients) from initBackend.
  await initBackend({ prefer: 'wasm' });
});

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('Autoencoder with a conv preset on the wasm backend', () => {
  it('keras-conv-ae (pooling + upsampling), batch 16, 20 Adam steps: mean loss of the last 5 < 0.5 × the first 5, no tensor leak', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const digits = toTensor(await loadMnist({ split: 'train', limit: 64 }));
    const ae = new Autoencoder({ inputShape: [28, 28, 1], preset: 'keras-conv-ae', seed: 3 });
    expect(ae.latentDim).toBe(784);
    const opt = tf.train.adam(1e-2);
    const losses: number[] = [];
    let afterFirst = 0;
    for (let step = 0; step < 20; step++) {
      const x = tf.slice(digits, [(step % 4) * 16], [16]);
      const cost = opt.minimize(
        () => {
          const { total, ...rest } = ae.lossTerms({ x }, { training: true, step });
          tf.dispose(Object.values(rest));
          return total;
        },
        true,
        ae.trainableVariables,
      ) as tf.Scalar;
      losses.push((await cost.data())[0] as number);
      tf.dispose([cost, x]);
      // Adam creates its slot variables in the first step; later steps add no tensors.
      if (step === 0) afterFirst = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(afterFirst);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(mean(losses.slice(-5))).toBeLessThan(0.5 * mean(losses.slice(0, 5)));
    opt.dispose();
    ae.dispose();
    digits.dispose();
  });
});
