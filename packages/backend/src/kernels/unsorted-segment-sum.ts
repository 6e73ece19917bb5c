/**
 * `UnsortedSegmentSum` for the wasm backend: out[k] = Σ_{i: ids[i] = k} x[i].
 *
 * tfjs needs it for the gradient of `tf.gather` (e.g. a VQ-VAE codebook lookup).
 * There is no safe composite: wasm's ScatterNd has the right summing behaviour but
 * writes out of bounds for ids outside [0, numSegments), which this kernel must
 * drop (TensorFlow semantics). So this is a plain loop over the wasm heap:
 * one pass, O(size of x).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '../backend-error.js';
import type { KernelArgs } from './call-kernel.js';

/** The part of the wasm backend this kernel uses: tensors that live on its heap. */
export interface HeapBackend {
  /** Allocates an output tensor on the heap (contents are not zeroed). */
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  /** A typed-array view of a tensor's heap memory; invalidated when the heap grows. */
  typedArrayFromHeap(info: tf.TensorInfo): tf.TypedArray;
}

/** True when `backend` keeps tensors on a wasm heap (i.e. it is the wasm backend). */
export function isHeapBackend(backend: unknown): backend is HeapBackend {
  const b = backend as Partial<HeapBackend> | null;
  return typeof b?.makeOutput === 'function' && typeof b.typedArrayFromHeap === 'function';
}

/** The `UnsortedSegmentSum` kernel function for a heap (wasm) backend. */
export const unsortedSegmentSumHeap: tf.KernelFunc = (args) => {
  const { inputs, backend, attrs } = args as KernelArgs;
  const { x, segmentIds } = inputs as { x?: tf.TensorInfo; segmentIds?: tf.TensorInfo };
  const numSegments = (attrs as unknown as tf.UnsortedSegmentSumAttrs | undefined)?.numSegments;
  if (x === undefined || segmentIds === undefined || !isHeapBackend(backend)) {
    throw new BackendError(
      'KERNEL_UNSUPPORTED',
      'UnsortedSegmentSum expects inputs x and segmentIds on the wasm backend; call it through tf.unsortedSegmentSum.',
    );
  }
  if (numSegments === undefined || !Number.isInteger(numSegments) || numSegments < 0) {
    throw new BackendError(
      'KERNEL_UNSUPPORTED',
      `UnsortedSegmentSum: numSegments must be a non-negative integer, got ${String(numSegments)}.`,
    );
  }
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new BackendError(
      'KERNEL_UNSUPPORTED',
      `UnsortedSegmentSum on wasm supports float32 and int32 values, got ${x.dtype}; cast x first.`,
    );
  }
  const idRank = segmentIds.shape.length;
  const prefix = x.shape.slice(0, idRank);
  if (segmentIds.dtype !== 'int32' || prefix.some((d, i) => d !== segmentIds.shape[i])) {
    throw new BackendError(
      'KERNEL_UNSUPPORTED',
      `UnsortedSegmentSum: segmentIds must be int32 with a shape that prefixes x's shape ` +
        `(x [${x.shape.join(', ')}], segmentIds ${segmentIds.dtype} [${segmentIds.shape.join(', ')}]).`,
    );
  }
  const rest = x.shape.slice(idRank);
  const sliceSize = rest.reduce((a, b) => a * b, 1);
  const out = backend.makeOutput([numSegments, ...rest], x.dtype);
  // Views are taken after the allocation: growing the heap detaches older views.
  const outVals = backend.typedArrayFromHeap(out);
  const xVals = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  outVals.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const k = ids[i] as number;
    if (k < 0 || k >= numSegments) continue; // dropped, as in TensorFlow
    const src = i * sliceSize;
    const dst = k * sliceSize;
    for (let j = 0; j < sliceSize; j++) {
      outVals[dst + j] = (outVals[dst + j] as number) + (xVals[src + j] as number);
    }
  }
  return out;
};
