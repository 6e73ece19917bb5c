/**
 * Set up before every test file of this package (vitest `setupFiles`): the cpu backend, with
 * tfjs-layers loaded so that gradients and chained ops are registered.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
