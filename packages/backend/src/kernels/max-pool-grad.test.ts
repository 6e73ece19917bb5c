import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../random.js';
import { setUpCpuAndWasm } from '../test-utils/backends.js';
import { maxRelativeError, normalArray } from '../test-utils/compare.js';
import { footprintOfRepeats } from '../test-utils/footprint.js';
import { kernelFixes, replaceFaultyKernels } from './kernel-fixes.js';

interface Case {
  x: [number, number, number, number];
  k: number;
  stride: number;
  pad: 'same' | 'valid';
}

/** Float64 reference: each dy goes to the first maximum of its window. */
function reference(c: Case, x: Float32Array, dy: Float32Array): Float64Array {
  const [batch, h, w, ch] = c.x;
  const info = tf.backend_util.computePool2DInfo(c.x, c.k, c.stride, 1, c.pad);
  const dx = new Float64Array(x.length);
  let n = 0;
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < info.outHeight; i++)
      for (let j = 0; j < info.outWidth; j++)
        for (let d = 0; d < ch; d++, n++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let p = 0; p < c.k; p++)
            for (let q = 0; q < c.k; q++) {
              const r = i * c.stride - info.padInfo.top + p;
              const s = j * c.stride - info.padInfo.left + q;
              if (r < 0 || r >= h || s < 0 || s >= w) continue;
              const idx = ((b * h + r) * w + s) * ch + d;
              if ((x[idx] as number) > best) {
                best = x[idx] as number;
                at = idx;
              }
            }
          dx[at] = (dx[at] as number) + (dy[n] as number);
        }
  return dx;
}

function grad(c: Case, x: Float32Array, dy: Float32Array): Float32Array {
  return tf.tidy(() => {
    const f = (t: tf.Tensor): tf.Tensor => tf.maxPool(t as tf.Tensor4D, c.k, c.stride, c.pad);
    const input = tf.tensor4d(x, c.x);
    const dyT = tf.tensor(dy, f(input).shape);
    return tf.grad(f)(input, dyT).dataSync() as Float32Array;
  });
}

const errors: number[] = [];

describe('MaxPoolGrad replacement on wasm', () => {
  beforeAll(async () => {
    await setUpCpuAndWasm();
  });
  afterAll(() => {
    console.info(
      `MaxPoolGrad: ${errors.length} cases, max relative error ${Math.max(...errors).toExponential(2)}`,
    );
  });

  it('replaces the built-in wasm kernel because the probe finds its fault, and passes the probe itself', async () => {
    await tf.setBackend('wasm');
    expect(replaceFaultyKernels('wasm')).toContain('MaxPoolGrad');
    const fix = kernelFixes.find((f) => f.kernelName === 'MaxPoolGrad');
    expect(fix?.isFaulty(tf.backend())).toBe(false);
    expect(replaceFaultyKernels('cpu')).not.toContain('MaxPoolGrad');
  });

  it('sends an all-negative window’s gradient to its maximum', async () => {
    await tf.setBackend('wasm');
    // Windows {−4, −1, −0.5, −7} and {−3, −2, −6, −8}: maxima at flat indices 4 and 3.
    const x = tf.tensor4d([-4, -1, -3, -2, -0.5, -7, -6, -8], [1, 2, 4, 1]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')))(x);
    expect(Array.from(g.dataSync())).toEqual([0, 0, 0, 1, 1, 0, 0, 0]);
    tf.dispose([x, g]);
  });

  it('gives ties to the first maximum (ReLU zeros), like cpu and TensorFlow', async () => {
    await tf.setBackend('wasm');
    for (const values of [
      [0, 0, 0, 0, 0, 0, 0, 0],
      [3, 1, 3, 3, 3, 0, 1, 3],
    ]) {
      const x = tf.tensor4d(values, [1, 2, 4, 1]);
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')))(x);
      expect(Array.from(g.dataSync())).toEqual([1, 0, 1, 0, 0, 0, 0, 0]);
      tf.dispose([x, g]);
    }
  });

  const cases: Case[] = [];
  for (const batch of [1, 3])
    for (const size of [6, 7])
      for (const k of [1, 2, 3])
        for (const stride of [1, 2])
          for (const pad of ['same', 'valid'] as const)
            cases.push({ x: [batch, size, size + 1, 3], k, stride, pad });
  cases.push({ x: [8, 28, 28, 16], k: 2, stride: 2, pad: 'valid' });

  it(`matches a float64 reference and cpu on ${cases.length} cases (half the inputs negative)`, async () => {
    let seed = 1;
    for (const c of cases) {
      const rng = createRng(seed++);
      const x = normalArray(
        rng,
        c.x.reduce((a, b) => a * b, 1),
      );
      const info = tf.backend_util.computePool2DInfo(c.x, c.k, c.stride, 1, c.pad);
      const dy = normalArray(
        rng,
        info.outShape.reduce((a, b) => a * b, 1),
      );
      await tf.setBackend('wasm');
      const actual = grad(c, x, dy);
      const refErr = maxRelativeError(actual, reference(c, x, dy));
      await tf.setBackend('cpu');
      const cpuErr = maxRelativeError(actual, grad(c, x, dy));
      errors.push(cpuErr);
      expect(refErr, JSON.stringify(c)).toBeLessThan(1e-6);
      expect(cpuErr, JSON.stringify(c)).toBeLessThan(1e-4);
    }
  });

  it('leaks no tensors and no wasm memory over 50 calls', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([8, 28, 28, 16], 0, 1, 'float32', 1) as tf.Tensor4D;
    const y = tf.maxPool(x, 2, 2, 'valid');
    const dy = tf.onesLike(y);
    const attrs = { filterSize: 2, strides: 2, pad: 'valid' };
    const call = (): void => {
      const dx = tf
        .engine()
        .runKernel(
          tf.MaxPoolGrad,
          { dy, input: x, output: y },
          attrs as unknown as tf.NamedAttrMap,
        );
      (dx as tf.Tensor).dispose();
    };
    const { before, after } = footprintOfRepeats(call);
    expect(after).toEqual(before);
    tf.dispose([x, y, dy]);
  });
});
