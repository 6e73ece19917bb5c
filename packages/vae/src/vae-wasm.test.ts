import '@tensorflow/tfjs-layers';
import { initBackend } from '@ae/backend';
import { toTensor } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { VAE } from './vae.js';

beforeAll(async () => {
  // Adds the Conv2DBackpropFilter kernel wasm lacks, without which no convolution trains.
  const info = await initBackend({ prefer: 'wasm' });
  expect(info.name).toBe('wasm');
});

describe('VAE on the wasm backend', () => {
  it('keras-conv-vae trains on MNIST: mean total of the last 5 of 20 steps (batch 16) < 0.8 × the first 5; no leak', async () => {
    const data = toTensor(await loadMnist({ split: 'train', limit: 320 }));
    const vae = new VAE({ preset: 'keras-conv-vae', inputShape: [28, 28, 1], seed: 2 });
    expect(tf.getBackend()).toBe('wasm');
    expect(vae.latentDim).toBe(2);
    const opt = tf.train.adam(1e-3);
    const losses: number[] = [];
    let afterWarmUp = 0;
    for (let step = 0; step < 20; step++) {
      const x = tf.slice(data, step * 16, 16);
      const cost = opt.minimize(
        () => {
          const { total, ...rest } = vae.lossTerms({ x }, { training: true, step });
          tf.dispose(Object.values(rest));
          return total;
        },
        true,
        vae.trainableVariables,
      );
      losses.push(cost ? ((await cost.data())[0] ?? Number.NaN) : Number.NaN);
      tf.dispose([x, cost as tf.Tensor]);
      if (step === 0) afterWarmUp = tf.memory().numTensors; // Adam's moments now exist
    }
    expect(tf.memory().numTensors).toBe(afterWarmUp);
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(losses.slice(-5))).toBeLessThan(0.8 * mean(losses.slice(0, 5)));
    const samples = vae.sample(4, { seed: 1 });
    expect(samples.shape).toEqual([4, 28, 28, 1]);
    tf.dispose([data, samples]);
    opt.dispose();
    vae.dispose();
  });
});
