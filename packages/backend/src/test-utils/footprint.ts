/** Test helper: what a repeated kernel call leaves behind on the wasm backend. */
import * as tf from '@tensorflow/tfjs-core';

/** Engine tensors and bytes, backend data ids, and the wasm heap size. */
export interface WasmFootprint {
  numTensors: number;
  numBytes: number;
  dataIds: number;
  heap: number;
}

/** The current {@link WasmFootprint}; the active backend must be wasm. */
export function wasmFootprint(): WasmFootprint {
  const backend = tf.backend() as tf.KernelBackend & { wasm: { HEAPU8: Uint8Array } };
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes, dataIds: backend.numDataIds(), heap: backend.wasm.HEAPU8.length };
}

/**
 * Calls `call` 3 times to warm up (the heap may grow once), then 50 times, and
 * returns the footprint before and after the 50: equal when nothing leaks, not even
 * intermediates freed from the engine but not the backend.
 */
export function footprintOfRepeats(call: () => void): {
  before: WasmFootprint;
  after: WasmFootprint;
} {
  for (let i = 0; i < 3; i++) call();
  const before = wasmFootprint();
  for (let i = 0; i < 50; i++) call();
  return { before, after: wasmFootprint() };
}
