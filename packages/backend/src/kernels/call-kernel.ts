/**
 * Helpers for writing a kernel as a composition of kernels the backend already
 * has: look a kernel up, call its function directly (no engine bookkeeping, no
 * gradient tape), and free intermediate results.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The arguments every kernel function receives. */
export interface KernelArgs {
  /** Named input tensors. */
  inputs: tf.NamedTensorInfoMap;
  /** The backend instance the kernel runs on. */
  backend: tf.KernelBackend;
  /** Kernel attributes. */
  attrs?: tf.NamedAttrMap;
}

/**
 * Calls kernel `kernelName` of backend `backendName` on `inputs`. The result is an
 * intermediate: the caller must hand it to {@link disposeIntermediate} or return it.
 */
export function callKernel(
  kernelName: string,
  backendName: string,
  backend: tf.KernelBackend,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const config = tf.getKernel(kernelName, backendName);
  if (config === undefined) {
    throw new Error(
      `@ae/backend: kernel '${kernelName}' is not registered for backend '${backendName}', ` +
        'but an added kernel needs it. Report this with your tfjs versions.',
    );
  }
  const out = config.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) {
    throw new Error(`@ae/backend: kernel '${kernelName}' returned several outputs; expected one.`);
  }
  return out;
}

/** Frees an intermediate result of {@link callKernel}. */
export function disposeIntermediate(backend: tf.KernelBackend, info: tf.TensorInfo): void {
  backend.disposeData(info.dataId);
}

/** True when every kernel in `kernelNames` is registered for `backendName`. */
export function hasKernels(backendName: string, kernelNames: readonly string[]): boolean {
  return kernelNames.every((name) => tf.getKernel(name, backendName) !== undefined);
}
