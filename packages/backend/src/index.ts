/**
 * @ae/backend — the TensorFlow.js runtime layer: choose the fastest backend
 * present, register the training kernels it lacks, and seeded randomness.
 */
export {
  type BackendName,
  type BackendSpec,
  backendCatalog,
  backendNames,
  defaultBackendOrder,
} from './backend-catalog.js';
export {
  BackendError,
  type BackendErrorCode,
  type BackendErrorOptions,
  isBackendError,
} from './backend-error.js';
export { type BackendInfo, type InitBackendOptions, initBackend } from './init-backend.js';
export {
  type KernelFix,
  kernelFixes,
  replacedKernels,
  replaceFaultyKernels,
} from './kernels/kernel-fixes.js';
export { type AddedKernel, addableKernels, registerMissingKernels } from './kernels/register.js';
export { ADAM_UPDATE, createAdam, FusedAdamOptimizer } from './native/adam.js';
export {
  type NativeKernelsInfo,
  type NativeOptions,
  nativeKernelNames,
  PINNED_WASM_VERSION,
} from './native/install-native.js';
export { type NativeLoad, platformTag } from './native/native-addon.js';
export { detectPlatform, type Platform } from './platform.js';
export { createRng, type Rng, type RngState } from './random.js';
