/**
 * Replaces backend kernels that exist but are faulty: wrong results (replaced only
 * after a tiny probe shows the fault, so a fixed tfjs release keeps its own
 * kernel) or far slower than a composite of the backend's own fast kernels.
 */
import * as tf from '@tensorflow/tfjs-core';
import { batchMatMulRequires, makeBatchMatMul } from './batch-mat-mul.js';
import { hasKernels, type KernelArgs } from './call-kernel.js';
import { conv2dBackpropInputRequires, makeConv2dBackpropInput } from './conv2d-backprop-input.js';
import { maxPoolGradHeap } from './max-pool-grad.js';
import { oneHotHeap } from './one-hot.js';
import { resizeNearestNeighborGrad } from './resize-nearest-neighbor-grad.js';

/** A faulty kernel this package can replace. */
export interface KernelFix {
  /** The tfjs kernel name. */
  readonly kernelName: string;
  /** The backend whose kernel is faulty. */
  readonly backendName: string;
  /** What is wrong with the original. */
  readonly fault: string;
  /** Builds the replacement; it may hand the cases the original does well back to it. */
  make(original: tf.KernelConfig): tf.KernelFunc;
  /** True when the backend's current kernel has the fault (e.g. a probe gives a wrong result). */
  isFaulty(backend: tf.KernelBackend): boolean;
}

/** Calls the registered kernel with plain arrays and returns its output values. */
function probe(
  backend: tf.KernelBackend,
  kernelName: string,
  backendName: string,
  inputs: Record<string, { values: Float32Array; shape: number[] }>,
  attrs: tf.NamedAttrMap,
): number[] {
  const infos: tf.NamedTensorInfoMap = {};
  for (const [name, { values, shape }] of Object.entries(inputs)) {
    infos[name] = { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
  }
  const config = tf.getKernel(kernelName, backendName);
  try {
    const out = config?.kernelFunc({ inputs: infos, backend, attrs });
    if (out === undefined || Array.isArray(out)) return [];
    const values = Array.from(backend.readSync(out.dataId) as Float32Array);
    backend.disposeData(out.dataId);
    return values;
  } finally {
    for (const info of Object.values(infos))
      if (info !== undefined) backend.disposeData(info.dataId);
  }
}

const same = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((v, i) => Math.abs(v - (b[i] as number)) < 1e-6);

/** Every fix this package knows. */

/** Whether `backend` counts references to its data (so outputs can share an input's). */
function countsReferences(backend: tf.KernelBackend): boolean {
  const b = backend as { incRef?: unknown; refCount?: unknown };
  return typeof b.incRef === 'function' && typeof b.refCount === 'function';
}

/**
 * An output that shares the data of `x` (one more reference), or undefined where that is not
 * possible. Safe because no kernel writes its inputs, as Reshape's shared output shows.
 */
function sharedInput(
  x: tf.TensorInfo | undefined,
  backend: tf.KernelBackend,
): tf.TensorInfo | undefined {
  const b = backend as tf.KernelBackend & { incRef?(dataId: tf.DataId): void };
  if (x === undefined || x.dtype === 'string' || typeof b.incRef !== 'function') return undefined;
  b.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

export const kernelFixes: readonly KernelFix[] = [
  {
    kernelName: tf.MaxPoolGrad,
    backendName: 'wasm',
    fault:
      'routes the gradient of a window whose values are all ≤ 0 to the wrong pixel (tfjs-backend-wasm 4.22)',
    // Also about 2× faster than the original (25 vs 52 ms for 128×28×28×32, 2×2).
    make: () => maxPoolGradHeap,
    isFaulty: (backend) => {
      // One 2×2 window of negative values: the maximum, −1, is at index 1.
      const got = probe(
        backend,
        tf.MaxPoolGrad,
        'wasm',
        {
          dy: { values: Float32Array.of(1), shape: [1, 1, 1, 1] },
          input: { values: Float32Array.of(-4, -1, -3, -2), shape: [1, 2, 2, 1] },
          output: { values: Float32Array.of(-1), shape: [1, 1, 1, 1] },
        },
        { filterSize: 2, strides: 2, pad: 'valid' },
      );
      return !same(got, [0, 1, 0, 0]);
    },
  },
  {
    kernelName: tf.ResizeNearestNeighborGrad,
    backendName: 'cpu',
    fault:
      'reads dy at the wrong offset for every batch element after the first (tfjs-backend-cpu 4.22)',
    make: () => resizeNearestNeighborGrad,
    isFaulty: (backend) => {
      // Two 1×1 images upsampled to 2×2: each pixel's gradient is the sum of its four copies.
      const got = probe(
        backend,
        tf.ResizeNearestNeighborGrad,
        'cpu',
        {
          images: { values: new Float32Array(2), shape: [2, 1, 1, 1] },
          dy: { values: Float32Array.of(1, 1, 1, 1, 2, 2, 2, 2), shape: [2, 2, 2, 1] },
        },
        { alignCorners: false, halfPixelCenters: false, size: [2, 2] },
      );
      return !same(got, [4, 8]);
    },
  },
  {
    kernelName: tf.ResizeNearestNeighborGrad,
    backendName: 'wasm',
    fault:
      'ignores halfPixelCenters (tfjs-backend-wasm 4.22); tfjs-layers UpSampling2D does not use it',
    // Also faster than the original (12 vs 19 ms for 128×14×14×32 → 28×28).
    make: () => resizeNearestNeighborGrad,
    isFaulty: (backend) => {
      // A 2-pixel row resized to 3 with half-pixel centres copies pixels 0, 1, 1.
      const got = probe(
        backend,
        tf.ResizeNearestNeighborGrad,
        'wasm',
        {
          images: { values: new Float32Array(2), shape: [1, 1, 2, 1] },
          dy: { values: Float32Array.of(1, 2, 4), shape: [1, 1, 3, 1] },
        },
        { alignCorners: false, halfPixelCenters: true, size: [1, 3] },
      );
      return !same(got, [1, 6]);
    },
  },
  {
    kernelName: tf.OneHot,
    backendName: 'wasm',
    fault:
      'ignores dtype: a float32 one-hot holds the int32 bit patterns of 1 and 0, so labels vanish (tfjs-backend-wasm 4.22)',
    make: () => oneHotHeap,
    isFaulty: (backend) => {
      const indices = {
        dataId: backend.write(Int32Array.of(0, 2), [2], 'int32'),
        shape: [2],
        dtype: 'int32' as const,
      };
      const config = tf.getKernel(tf.OneHot, 'wasm');
      try {
        const out = config?.kernelFunc({
          inputs: { indices },
          backend,
          attrs: { depth: 3, onValue: 1, offValue: 0, dtype: 'float32' },
        });
        if (out === undefined || Array.isArray(out)) return true;
        const got = Array.from(backend.readSync(out.dataId) as Float32Array);
        backend.disposeData(out.dataId);
        return !same(got, [1, 0, 0, 0, 0, 1]);
      } finally {
        backend.disposeData(indices.dataId);
      }
    },
  },
  {
    kernelName: tf.Conv2DBackpropInput,
    backendName: 'wasm',
    fault:
      'a direct loop 5–10× slower than wasm Conv2D (XNNPACK); it computes every conv input gradient and every conv2dTranspose',
    make: (original) => makeConv2dBackpropInput('wasm', original.kernelFunc),
    isFaulty: () => hasKernels('wasm', conv2dBackpropInputRequires),
  },
  {
    kernelName: tf.Identity,
    backendName: 'wasm',
    fault:
      'copies the whole tensor (tfjs-backend-wasm 4.22); tf.clone, same-dtype casts and every tensor a custom gradient saves go through it',
    make: (original) => (args) => {
      const { inputs, backend } = args as KernelArgs;
      return sharedInput((inputs as { x?: tf.TensorInfo }).x, backend) ?? original.kernelFunc(args);
    },
    isFaulty: countsReferences,
  },
  {
    kernelName: tf.Cast,
    backendName: 'wasm',
    fault:
      'copies the whole tensor when the dtype does not change (tfjs-backend-wasm 4.22); every relu gradient casts its float32 mask to float32',
    // Same-dtype casts share the data as Identity does; real conversions stay wasm's.
    make: (original) => (args) => {
      const { inputs, backend, attrs } = args as KernelArgs;
      const x = (inputs as { x?: tf.TensorInfo }).x;
      const same = x !== undefined && x.dtype === (attrs as { dtype?: unknown } | undefined)?.dtype;
      return (same ? sharedInput(x, backend) : undefined) ?? original.kernelFunc(args);
    },
    isFaulty: countsReferences,
  },
  {
    kernelName: tf.BatchMatMul,
    backendName: 'wasm',
    fault:
      'with transposeA or transposeB, a scalar loop 8–20× slower than its XNNPACK path; every dense layer gradient is such a product',
    make: (original) => makeBatchMatMul('wasm', original.kernelFunc),
    isFaulty: () => hasKernels('wasm', batchMatMulRequires),
  },
];

const replaced = new Map<string, string[]>();

/** The kernels this package has replaced for `backendName` so far in this process. */
export function replacedKernels(backendName: string): string[] {
  return [...(replaced.get(backendName) ?? [])];
}

/**
 * Replaces, for backend `backendName`, each kernel of {@link kernelFixes} whose
 * probe shows the fault. The backend must be initialized (after `tf.setBackend`);
 * otherwise nothing is probed and nothing replaced. Safe to call repeatedly.
 *
 * @returns the kernels this package has replaced for the backend so far.
 */
export function replaceFaultyKernels(backendName: string): string[] {
  const names = replaced.get(backendName) ?? [];
  const backend = tf.engine().registry[backendName];
  if (backend === undefined) return [...names];
  for (const fix of kernelFixes) {
    if (fix.backendName !== backendName || names.includes(fix.kernelName)) continue;
    const original = tf.getKernel(fix.kernelName, backendName);
    if (original === undefined || !fix.isFaulty(backend)) continue;
    tf.unregisterKernel(fix.kernelName, backendName);
    // Keep the original's setup/dispose hooks: a replacement may call the original.
    tf.registerKernel({ ...original, kernelFunc: fix.make(original) });
    names.push(fix.kernelName);
  }
  replaced.set(backendName, names);
  return [...names];
}
