import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers gradients for the Node build of tfjs-core
import { afterEach, describe, expect, it } from 'vitest';
import { BackendError } from './backend-error.js';
import { initBackend } from './init-backend.js';

/** Expects `promise` to reject with a BackendError of `code`; returns it. */
async function rejection(
  promise: Promise<unknown>,
  code: BackendError['code'],
): Promise<BackendError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackendError);
  expect((error as BackendError).code).toBe(code);
  return error as BackendError;
}

/** The filter gradient of sum(conv2d(ones(1×3×3×1), w, valid)) is 4 for each tap of a 2×2 filter. */
function convFilterGradient(): number[] {
  return tf.tidy(() => {
    const x = tf.ones([1, 3, 3, 1]) as tf.Tensor4D;
    const g = tf.grad((w: tf.Tensor) => tf.sum(tf.conv2d(x, w as tf.Tensor4D, 1, 'valid')))(
      tf.zeros([2, 2, 1, 1]),
    );
    return Array.from(g.dataSync());
  });
}

describe('initBackend in Node', () => {
  afterEach(() => {
    if (tf.findBackendFactory('webgpu') != null) tf.removeBackend('webgpu');
  });

  it('picks wasm by default here (no tfjs-node), registers its missing kernels, and trains a conv', async () => {
    const info = await initBackend();
    expect(info.name).toBe('wasm');
    expect(info.platform).toBe('node');
    expect(info.packageName).toBe('@tensorflow/tfjs-backend-wasm');
    expect(info.skipped).toHaveLength(1);
    expect(info.skipped[0]?.name).toBe('tensorflow');
    expect(info.skipped[0]?.reason).toMatch(
      /@tensorflow\/tfjs-node-gpu and @tensorflow\/tfjs-node not installed/,
    );
    expect(info.addedKernels).toEqual(['Conv2DBackpropFilter', 'UnsortedSegmentSum']);
    expect(info.replacedKernels).toEqual([
      'MaxPoolGrad',
      'ResizeNearestNeighborGrad',
      'OneHot',
      'Conv2DBackpropInput',
      'Identity',
      'Cast',
      'BatchMatMul',
    ]);
    expect(info.native?.active).toBe(true);
    expect(info.native?.kernels).toContain('Conv2DBackpropFilter');
    expect(info.native?.note).toMatch(/^native kernels \(@ae\/backend-native-linux-x64-gnu/);
    expect(tf.getBackend()).toBe('wasm');
    expect(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')).toBe(false);
    expect(convFilterGradient()).toEqual([4, 4, 4, 4]);
  });

  it('is safe to call twice, and concurrently', async () => {
    const [a, b] = await Promise.all([initBackend(), initBackend()]);
    const c = await initBackend();
    for (const info of [a, b, c]) {
      expect(info.name).toBe('wasm');
      expect(info.addedKernels).toEqual(['Conv2DBackpropFilter', 'UnsortedSegmentSum']);
    }
    expect(convFilterGradient()).toEqual([4, 4, 4, 4]);
  });

  it("picks cpu for prefer: 'cpu' and adds nothing it already has", async () => {
    const info = await initBackend({ prefer: 'cpu' });
    expect(info).toMatchObject({
      name: 'cpu',
      packageName: '@tensorflow/tfjs-backend-cpu',
      skipped: [],
    });
    expect(info.addedKernels).toEqual([]);
    expect(info.replacedKernels).toEqual(['ResizeNearestNeighborGrad']);
    expect(tf.getBackend()).toBe('cpu');
    expect(convFilterGradient()).toEqual([4, 4, 4, 4]);
  });

  it("throws BACKEND_NOT_INSTALLED naming @tensorflow/tfjs-node for prefer: 'tensorflow', keeping the active backend", async () => {
    await initBackend({ prefer: 'wasm' });
    const error = await rejection(initBackend({ prefer: 'tensorflow' }), 'BACKEND_NOT_INSTALLED');
    expect(error.message).toContain('npm i @tensorflow/tfjs-node');
    expect(error.message).toContain('libtensorflow');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('falls through a list to the first backend that loads', async () => {
    const info = await initBackend({ prefer: ['tensorflow', 'webgl', 'cpu'] });
    expect(info.name).toBe('cpu');
    expect(info.skipped.map((s) => s.name)).toEqual(['tensorflow', 'webgl']);
    expect(info.skipped[1]?.reason).toContain('@tensorflow/tfjs-backend-webgl not installed');
  });

  it('throws BACKEND_NOT_INSTALLED naming every package when no listed backend is installed', async () => {
    const error = await rejection(
      initBackend({ prefer: ['tensorflow', 'webgl'] }),
      'BACKEND_NOT_INSTALLED',
    );
    expect(error.message).toContain('npm i @tensorflow/tfjs-node');
    expect(error.message).toContain('npm i @tensorflow/tfjs-backend-webgl');
  });

  it('throws BACKEND_UNKNOWN listing the accepted names', async () => {
    const error = await rejection(initBackend({ prefer: 'gpu' as never }), 'BACKEND_UNKNOWN');
    for (const name of ['tensorflow', 'wasm', 'cpu', 'webgpu', 'webgl'])
      expect(error.message).toContain(`'${name}'`);
    expect(error.message).toContain('"gpu"');
    await rejection(initBackend({ prefer: [] }), 'BACKEND_UNKNOWN');
    await rejection(initBackend({ prefer: ['cpu', 'tpu'] as never }), 'BACKEND_UNKNOWN');
  });

  it('throws BACKEND_INIT_FAILED with the cause when tf.setBackend fails', async () => {
    await initBackend({ prefer: 'cpu' });
    // A registered backend whose factory throws stands in for a browser without WebGPU.
    tf.registerBackend('webgpu', () => {
      throw new Error('no GPU adapter found');
    });
    const error = await rejection(initBackend({ prefer: 'webgpu' }), 'BACKEND_INIT_FAILED');
    expect(error.message).toContain('no GPU adapter found');
    expect((error.cause as Error).message).toBe('no GPU adapter found');
    expect(tf.getBackend()).toBe('cpu');
  });
});
