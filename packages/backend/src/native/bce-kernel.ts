/**
 * `AeBinaryCrossEntropyWithLogits`: the element-wise binary cross-entropy of logits in one
 * native pass (inputs `target`, `logits`, float32, same shape), with two outputs of that
 * shape: the loss per element and its derivative in the logits, `σ(z) − t`. `@ae/losses`
 * runs its forward pass through this kernel when the active backend has it, in place of
 * ten element-wise kernels, and keeps the second output for its closed-form gradient (so
 * the backward pass needs no sigmoid).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { KernelArgs } from '../kernels/call-kernel.js';
import { isHeapBackend } from '../kernels/unsorted-segment-sum.js';
import type { NativeAddon } from './native-addon.js';

/** The kernel name; `@ae/losses` looks it up by this name. */
export const BCE_WITH_LOGITS = 'AeBinaryCrossEntropyWithLogits';

/** The native {@link BCE_WITH_LOGITS} kernel for wasm. */
export function makeBceKernel(addon: NativeAddon): tf.KernelFunc {
  return (args) => {
    const { inputs, backend } = args as KernelArgs;
    const { target, logits } = inputs as Record<string, tf.TensorInfo | undefined>;
    if (
      target === undefined ||
      logits === undefined ||
      !isHeapBackend(backend) ||
      target.dtype !== 'float32' ||
      logits.dtype !== 'float32' ||
      target.shape.join() !== logits.shape.join()
    ) {
      throw new Error(`${BCE_WITH_LOGITS} needs float32 target and logits of one shape on wasm`);
    }
    const out = backend.makeOutput([...logits.shape], 'float32');
    const grad = backend.makeOutput([...logits.shape], 'float32');
    const view = (t: tf.TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
    addon.bce_logits(view(target), view(logits), view(out), view(grad));
    return [out, grad];
  };
}
