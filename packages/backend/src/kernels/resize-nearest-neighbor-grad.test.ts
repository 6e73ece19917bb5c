import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../random.js';
import { setUpCpuAndWasm } from '../test-utils/backends.js';
import { maxRelativeError, normalArray } from '../test-utils/compare.js';
import { kernelFixes, replaceFaultyKernels } from './kernel-fixes.js';

interface Case {
  x: [number, number, number, number];
  size: [number, number];
  alignCorners?: boolean;
  halfPixelCenters?: boolean;
}

/**
 * Independent reference from the forward op: resizing an image whose pixels hold
 * their own flat index tells which input pixel each output pixel copies.
 */
function reference(c: Case, dy: Float32Array): Float64Array {
  const n = c.x.reduce((a, b) => a * b, 1);
  const source = tf.tidy(() => {
    const index = tf.reshape(tf.range(0, n, 1, 'float32'), c.x) as tf.Tensor4D;
    return tf.image
      .resizeNearestNeighbor(index, c.size, c.alignCorners, c.halfPixelCenters)
      .dataSync();
  });
  const dx = new Float64Array(n);
  source.forEach((s, i) => {
    dx[s] = (dx[s] as number) + (dy[i] as number);
  });
  return dx;
}

function grad(c: Case, x: Float32Array, dy: Float32Array): Float32Array {
  return tf.tidy(() => {
    const f = (t: tf.Tensor): tf.Tensor =>
      tf.image.resizeNearestNeighbor(t as tf.Tensor4D, c.size, c.alignCorners, c.halfPixelCenters);
    const input = tf.tensor4d(x, c.x);
    return tf
      .grad(f)(input, tf.tensor(dy, f(input).shape))
      .dataSync() as Float32Array;
  });
}

const cases: Case[] = [
  { x: [1, 7, 7, 2], size: [14, 14] },
  { x: [3, 7, 6, 2], size: [14, 12] },
  { x: [3, 4, 4, 16], size: [8, 8] },
  { x: [2, 7, 5, 1], size: [10, 9] },
  { x: [2, 8, 6, 3], size: [5, 4] },
  { x: [2, 5, 5, 2], size: [9, 11], alignCorners: true },
  { x: [3, 5, 6, 2], size: [10, 12], halfPixelCenters: true },
  { x: [2, 6, 5, 2], size: [7, 13], halfPixelCenters: true },
];
const errors: number[] = [];

describe('ResizeNearestNeighborGrad replacements (cpu: batch offsets; wasm: halfPixelCenters)', () => {
  beforeAll(async () => {
    await setUpCpuAndWasm('cpu');
  });
  afterAll(() => {
    console.info(
      `ResizeNearestNeighborGrad: ${errors.length} cases, max relative error ${Math.max(...errors).toExponential(2)}`,
    );
  });

  it.each(['cpu', 'wasm'] as const)(
    'replaces the built-in %s kernel because the probe finds its fault, and passes the probe itself',
    async (backend) => {
      await tf.setBackend(backend);
      expect(replaceFaultyKernels(backend)).toContain('ResizeNearestNeighborGrad');
      const fix = kernelFixes.find(
        (f) => f.kernelName === 'ResizeNearestNeighborGrad' && f.backendName === backend,
      );
      expect(fix?.isFaulty(tf.backend())).toBe(false);
    },
  );

  it.each(cases.map((c) => [JSON.stringify(c), c] as const))(
    'matches the forward-op reference on cpu and wasm: %s',
    async (_n, c) => {
      const rng = createRng(c.x.reduce((a, b) => a * b, 1));
      const x = normalArray(
        rng,
        c.x.reduce((a, b) => a * b, 1),
      );
      const dy = normalArray(rng, c.x[0] * c.size[0] * c.size[1] * c.x[3]);
      for (const backend of ['cpu', 'wasm'] as const) {
        await tf.setBackend(backend);
        const err = maxRelativeError(grad(c, x, dy), reference(c, dy));
        errors.push(err);
        expect(err, backend).toBeLessThan(1e-6);
      }
    },
  );

  it('leaks no tensors over 50 calls', async () => {
    await tf.setBackend('cpu');
    const images = tf.zeros([4, 14, 14, 8]);
    const dy = tf.ones([4, 28, 28, 8]);
    const attrs = { alignCorners: false, halfPixelCenters: false, size: [28, 28] };
    const before = { memory: tf.memory(), dataIds: tf.backend().numDataIds() };
    for (let i = 0; i < 50; i++) {
      const dx = tf
        .engine()
        .runKernel(
          tf.ResizeNearestNeighborGrad,
          { images, dy },
          attrs as unknown as tf.NamedAttrMap,
        );
      (dx as tf.Tensor).dispose();
    }
    expect(tf.memory().numTensors).toBe(before.memory.numTensors);
    expect(tf.memory().numBytes).toBe(before.memory.numBytes);
    expect(tf.backend().numDataIds()).toBe(before.dataIds);
    tf.dispose([images, dy]);
  });
});
