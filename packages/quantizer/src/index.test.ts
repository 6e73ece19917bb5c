/**
 * The public surface, and the house leak test over the hot paths: pure functions, and a
 * full training step (`optimizer.minimize` around `quantize(x, { training: true })`).
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node.
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import * as api from './index.js';
import { useCpuBackend } from './testing.test-helpers.js';

useCpuBackend();

describe('@ae/quantizer public API', () => {
  it('exports exactly the documented runtime values', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'CODEBOOK_INITS',
        'QuantizerError',
        'VectorQuantizer',
        'VectorQuantizerLayer',
        'codeCounts',
        'codeUsage',
        'countMovingAverage',
        'emaUpdate',
        'kmeans',
        'lookupCodes',
        'nearestCodes',
        'perplexity',
        'replaceDeadCodes',
        'resolveQuantizerOptions',
        'squaredDistances',
        'stopGradient',
        'straightThrough',
        'vectorQuantize',
      ].sort(),
    );
  });

  it('registers the layer class for deserialization', () => {
    const map = tf.serialization.SerializationMap.getMap().classNameMap;
    expect(map.AeVectorQuantizer?.[0]).toBe(api.VectorQuantizerLayer);
  });
});

describe('tensor ownership', () => {
  it('100 calls of every pure function leave numTensors unchanged', () => {
    const x = tf.randomNormal([2, 10, 4], 0, 1, 'float32', 1);
    const flat = tf.reshape(x, [20, 4]);
    const codebook = tf.randomNormal([6, 4], 0, 1, 'float32', 2);
    const indices = tf.tensor1d([0, 1, 1, 5, 2, 2], 'int32');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      tf.dispose(api.vectorQuantize(x, codebook));
      tf.dispose(api.squaredDistances(flat, codebook));
      tf.dispose(api.nearestCodes(flat, codebook));
      tf.dispose(api.lookupCodes(indices, codebook));
      tf.dispose([api.perplexity(indices, 6), api.codeUsage(indices, 6)]);
      tf.dispose(api.codeCounts(indices, 6));
      tf.dispose(api.stopGradient(x));
      tf.dispose(api.straightThrough(flat, flat));
    }
    for (let i = 0; i < 5; i++) tf.dispose(api.kmeans(flat, 6, { seed: i }));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, flat, codebook, indices]);
  });

  it.each([
    ['gradient codebook', { numCodes: 8, codeDim: 4, deadCodeThreshold: 0.9, init: 'kmeans' }],
    ['EMA codebook', { numCodes: 8, codeDim: 4, ema: true, deadCodeThreshold: 0.9 }],
  ] as const)('%s: 30 optimizer steps leave numTensors unchanged', (_, options) => {
    const vq = new api.VectorQuantizer(options);
    const x = tf.variable(tf.randomNormal([16, 4], 0, 1, 'float32', 3));
    const optimizer = tf.train.adam(0.01);
    const step = () =>
      optimizer.minimize(
        () => {
          const r = vq.quantize(x, { training: true });
          const reconstruction = tf.mean(tf.square(r.quantized));
          return tf.addN([reconstruction, r.losses.codebook, r.losses.commitment]) as tf.Scalar;
        },
        false,
        [x, ...vq.trainableVariables],
      );
    step(); // creates the optimizer's slots and runs the k-means initialization
    const before = tf.memory().numTensors;
    for (let i = 0; i < 30; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    x.dispose();
    vq.dispose();
  });
});
