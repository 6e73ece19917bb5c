import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setUpCpuAndWasm } from '../test-utils/backends.js';
import { kernelFixes, replaceFaultyKernels } from './kernel-fixes.js';

beforeAll(async () => {
  await setUpCpuAndWasm('wasm');
});

/** The one-hot rows written out by hand: `on` at each index in [0, depth), `off` elsewhere. */
function reference(indices: number[], depth: number, on: number, off: number): number[] {
  return indices.flatMap((id) => Array.from({ length: depth }, (_, j) => (j === id ? on : off)));
}

describe('OneHot on wasm', () => {
  it('replaces the built-in kernel because its probe shows the dtype fault, and passes that probe', async () => {
    await tf.setBackend('wasm');
    expect(replaceFaultyKernels('wasm')).toContain('OneHot');
    const fix = kernelFixes.find((f) => f.kernelName === 'OneHot');
    expect(fix?.isFaulty(tf.backend())).toBe(false);
    expect(replaceFaultyKernels('cpu')).not.toContain('OneHot');
  });

  it.each([
    ['float32', 1, 0],
    ['float32', 0.9, 0.0125],
    ['int32', 5, -2],
  ] as const)(
    'writes %s on/off values %s/%s, out-of-range ids as all-off rows',
    async (dtype, on, off) => {
      await tf.setBackend('wasm');
      const ids = [0, 3, 2, -1, 4, 1];
      const t = tf.oneHot(tf.tensor1d(ids, 'int32'), 4, on, off, dtype);
      expect(t.dtype).toBe(dtype);
      expect(t.shape).toEqual([6, 4]);
      const want = reference(ids, 4, Math.fround(on), Math.fround(off));
      expect(Array.from(await t.data())).toEqual(dtype === 'int32' ? want.map(Math.trunc) : want);
      // Same as the cpu backend.
      await tf.setBackend('cpu');
      const c = tf.oneHot(tf.tensor1d(ids, 'int32'), 4, on, off, dtype);
      expect(Array.from(await c.data())).toEqual(Array.from(await t.data()));
      tf.dispose([t, c]);
    },
  );

  it('keeps the shape of multi-dimensional indices and leaks nothing', async () => {
    await tf.setBackend('wasm');
    const ids = tf.tensor2d([0, 1, 2, 1, 0, 2], [2, 3], 'int32');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) tf.dispose(tf.oneHot(ids, 3, 1, 0, 'float32'));
    expect(tf.memory().numTensors).toBe(before);
    const t = tf.oneHot(ids, 3, 1, 0, 'float32');
    expect(t.shape).toEqual([2, 3, 3]);
    expect(Array.from(await t.data())).toEqual(reference([0, 1, 2, 1, 0, 2], 3, 1, 0));
    tf.dispose([ids, t]);
  });
});
