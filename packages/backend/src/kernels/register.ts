/**
 * Registers the kernels a backend lacks for training, once per backend.
 * Importing this module has no effect; calling {@link registerMissingKernels} does
 * (it changes tfjs's global kernel registry: the package's declared side effect).
 */
import * as tf from '@tensorflow/tfjs-core';
import { hasKernels } from './call-kernel.js';
import {
  conv2dBackpropFilterRequires,
  makeConv2dBackpropFilter,
} from './conv2d-backprop-filter.js';
import { unsortedSegmentSumHeap } from './unsorted-segment-sum.js';

/** A kernel this package can add to a backend that lacks it. */
export interface AddedKernel {
  /** The tfjs kernel name, e.g. 'Conv2DBackpropFilter'. */
  readonly kernelName: string;
  /** Why training needs it. */
  readonly neededFor: string;
  /** Whether it can be built for this backend (from registered kernels, not the instance). */
  canRegister(backendName: string): boolean;
  /** The kernel function for this backend. */
  make(backendName: string): tf.KernelFunc;
}

/** Every kernel this package knows how to add, in registration order. */
export const addableKernels: readonly AddedKernel[] = [
  {
    kernelName: tf.Conv2DBackpropFilter,
    neededFor:
      'the filter gradient of tf.conv2d / tf.conv2dTranspose (every Conv2D and Conv2DTranspose layer)',
    canRegister: (name) => hasKernels(name, conv2dBackpropFilterRequires),
    make: makeConv2dBackpropFilter,
  },
  {
    kernelName: tf.UnsortedSegmentSum,
    neededFor: 'the gradient of tf.gather (embedding and VQ-VAE codebook lookups)',
    // A loop over the wasm heap: only for the wasm backend.
    canRegister: (name) => name === 'wasm',
    make: () => unsortedSegmentSumHeap,
  },
];

const added = new Map<string, string[]>();

/**
 * Registers, for backend `backendName`, each kernel of {@link addableKernels} that
 * the backend lacks and that can be built for it. Safe to call repeatedly.
 * Works before or after the backend is initialized: kernels are looked up by name.
 *
 * @returns the kernels this package has registered for the backend (so far, in
 *   this process), e.g. `['Conv2DBackpropFilter', 'UnsortedSegmentSum']` for wasm.
 */
export function registerMissingKernels(backendName: string): string[] {
  const names = added.get(backendName) ?? [];
  for (const kernel of addableKernels) {
    if (tf.getKernel(kernel.kernelName, backendName) !== undefined) continue;
    if (!kernel.canRegister(backendName)) continue;
    tf.registerKernel({
      kernelName: kernel.kernelName,
      backendName,
      kernelFunc: kernel.make(backendName),
    });
    names.push(kernel.kernelName);
  }
  added.set(backendName, names);
  return [...names];
}
