/** Test helpers: both backends in one process, gradients registered. */
import * as tf from '@tensorflow/tfjs-core';
// The Node build of tfjs-core registers no gradients; tfjs-layers' Node build does.
import '@tensorflow/tfjs-layers';
import { initBackend } from '../init-backend.js';

/** Registers cpu and wasm (with the added kernels) and leaves `active` active. */
export async function setUpCpuAndWasm(active: 'cpu' | 'wasm' = 'wasm'): Promise<void> {
  await initBackend({ prefer: 'cpu' });
  await initBackend({ prefer: 'wasm' });
  await tf.setBackend(active);
}

/** Runs `f` with `backend` active; the backend active before is restored after. */
export async function onBackend<T>(backend: 'cpu' | 'wasm', f: () => T | Promise<T>): Promise<T> {
  const previous = tf.getBackend();
  await tf.setBackend(backend);
  try {
    return await f();
  } finally {
    await tf.setBackend(previous);
  }
}
