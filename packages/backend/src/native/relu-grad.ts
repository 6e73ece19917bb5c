/**
 * `AeReluGrad`: the relu gradient `dy · step(x)` in one native pass on wasm, in place of
 * tfjs-core's three kernels (Step, Cast, Multiply) per relu per training step.
 *
 * tfjs-core computes a kernel's gradient with the function registered for the kernel's
 * name, so {@link installReluGradient} registers one for `Relu` that runs `AeReluGrad`
 * when the active backend has it (float32 `dy` and `x` of one shape) and tfjs-core's own
 * formula otherwise; {@link restoreReluGradient} puts tfjs-core's function back. The result
 * is the same bits either way (the tests compare them, NaN and −0 included).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelArgs } from '../kernels/call-kernel.js';
import { isHeapBackend } from '../kernels/unsorted-segment-sum.js';
import type { NativeAddon } from './native-addon.js';

/** The kernel name (inputs `dy`, `x`). */
export const RELU_GRAD = 'AeReluGrad';

/** The native {@link RELU_GRAD} kernel for wasm. */
export function makeReluGradKernel(addon: NativeAddon): tf.KernelFunc {
  return (args) => {
    const { inputs, backend } = args as KernelArgs;
    const { dy, x } = inputs as Record<string, tf.TensorInfo | undefined>;
    if (
      dy === undefined ||
      x === undefined ||
      !isHeapBackend(backend) ||
      dy.dtype !== 'float32' ||
      x.dtype !== 'float32' ||
      dy.shape.join() !== x.shape.join()
    ) {
      throw new Error(`${RELU_GRAD} needs float32 dy and x of one shape on wasm`);
    }
    const dx = backend.makeOutput([...x.shape], 'float32');
    const view = (t: tf.TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
    addon.relu_grad(view(dy), view(x), view(dx));
    return dx;
  };
}

/** True when {@link RELU_GRAD} can compute the gradient of `x` for `dy` on the active backend. */
function runsNatively(dy: tf.Tensor, x: tf.Tensor): boolean {
  return (
    dy.dtype === 'float32' &&
    x.dtype === 'float32' &&
    tf.util.arraysEqual(dy.shape, x.shape) &&
    tf.getKernel(RELU_GRAD, tf.getBackend()) !== undefined
  );
}

/**
 * `dy · step(x)`: by {@link RELU_GRAD} where it runs, else as tfjs-core's `Relu` gradient
 * function computes it.
 */
function reluGrad(dy: tf.Tensor, x: tf.Tensor): tf.Tensor {
  return runsNatively(dy, x)
    ? (tf.engine().runKernel(RELU_GRAD, { dy, x }) as tf.Tensor)
    : tf.mul(dy, tf.cast(tf.step(x), 'float32'));
}

const reluGradient: tf.GradConfig = {
  kernelName: tf.Relu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const g = dy as tf.Tensor;
    const [x] = saved as [tf.Tensor];
    return { x: () => reluGrad(g, x) };
  },
};

/** `AeReluGrad` is linear in `dy` (the same mask again) and flat in `x`: second derivatives work. */
const reluGradGradient: tf.GradConfig = {
  kernelName: RELU_GRAD,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const g = dy as tf.Tensor;
    const [x] = saved as [tf.Tensor];
    return { dy: () => reluGrad(g, x), x: () => tf.zerosLike(x) };
  },
};

/** The `Relu` gradient registered before {@link installReluGradient}, if any. */
let previous: tf.GradConfig | undefined;

/**
 * Registers the `Relu` gradient that uses {@link RELU_GRAD} where it runs (idempotent).
 * tfjs-core alone registers no gradients (tfjs-layers and the `@tensorflow/tfjs` bundle
 * do, when imported); a module that registers them after this call puts tfjs-core's `Relu`
 * gradient back, which is only slower, and the next `initBackend()` installs this one again.
 */
export function installReluGradient(): void {
  const current = tf.getGradient(tf.Relu);
  if (current === reluGradient) return;
  previous = current;
  if (current !== undefined) tf.unregisterGradient(tf.Relu);
  tf.registerGradient(reluGradient);
  if (tf.getGradient(RELU_GRAD) === undefined) tf.registerGradient(reluGradGradient);
}

/** Puts back the `Relu` gradient that {@link installReluGradient} replaced (none if there was none). */
export function restoreReluGradient(): void {
  if (tf.getGradient(tf.Relu) === reluGradient) {
    tf.unregisterGradient(tf.Relu);
    if (previous !== undefined) tf.registerGradient(previous);
  }
  previous = undefined;
}
