/**
 * `OneHot` for the wasm backend, replacing the built-in one.
 *
 * tfjs-backend-wasm 4.22 ignores the `dtype` attribute: asked for float32 (what
 * `tf.oneHot(indices, depth, 1, 0, 'float32')` and every conditional model need), it
 * writes the int32 bit patterns of the on / off values into a float32 tensor, so a
 * one-hot "1" reads as 1.4e-45 and the label silently vanishes. This kernel writes
 * the values in the requested dtype; indices outside [0, depth) give an all-off row,
 * as in TensorFlow.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '../backend-error.js';
import type { KernelArgs } from './call-kernel.js';
import { isHeapBackend } from './unsorted-segment-sum.js';

/** The `OneHot` kernel function for a heap (wasm) backend. */
export const oneHotHeap: tf.KernelFunc = (args) => {
  const { inputs, backend, attrs } = args as KernelArgs;
  const { indices } = inputs as { indices?: tf.TensorInfo };
  const { depth, onValue, offValue, dtype } = (attrs ?? {}) as unknown as tf.OneHotAttrs;
  if (indices === undefined || !isHeapBackend(backend)) {
    throw new BackendError(
      'KERNEL_UNSUPPORTED',
      'OneHot expects an int32 indices tensor on the wasm backend; call it through tf.oneHot.',
    );
  }
  const out = backend.makeOutput([...indices.shape, depth], dtype);
  // Views are taken after the allocation: growing the heap detaches older views.
  const values = backend.typedArrayFromHeap(out);
  const ids = backend.typedArrayFromHeap(indices);
  values.fill(offValue);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (id >= 0 && id < depth) values[i * depth + id] = onValue;
  }
  return out;
};
