/**
 * Shared fixtures of the evaluation tests: tiny seeded datasets, a small VQ-VAE, an
 * independent recount of its codes and a leak check.
 */
import { createRng, type Dataset, toTensor } from '@ae/datasets';
import { VQVAE } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** Shape of one example of {@link tinyData}. */
export const TINY_SHAPE = [4, 4, 1] as const;

/**
 * `count` examples of shape [4, 4, 1] with seeded uniform values in [0, 1]; with
 * `classes`, labels cycle through 0 … classes − 1.
 */
export function tinyData(count: number, seed: number, classes?: number): Dataset {
  const rng = createRng(seed);
  const x = new Float32Array(count * 16);
  for (let i = 0; i < x.length; i++) x[i] = rng.next();
  const labels =
    classes === undefined ? undefined : Int32Array.from({ length: count }, (_, i) => i % classes);
  return {
    name: 'tiny',
    x,
    shape: [...TINY_SHAPE],
    count,
    ...(labels !== undefined ? { labels } : {}),
  };
}

/** A seeded dense VQ-VAE of {@link TINY_SHAPE} images with `numCodes` codes of 2 values. */
export function denseVq(numCodes: number): VQVAE {
  return new VQVAE({
    inputShape: [...TINY_SHAPE],
    architecture: 'dense',
    hidden: [8],
    numCodes,
    codeDim: 2,
    seed: 3,
  });
}

/** How often `model` picks each of its codes over `data`: one codeIndices call, counted in JS. */
export async function recountCodes(model: VQVAE, data: Dataset): Promise<number[]> {
  const all = toTensor(data);
  const indices = model.codeIndices(all);
  const counts = new Array<number>(model.numCodes).fill(0);
  for (const k of await indices.data()) counts[k] = (counts[k] as number) + 1;
  tf.dispose([all, indices]);
  return counts;
}

/**
 * Σ (x − x̂)² of every example of `data`, summed in float64 from the model's reconstructions
 * of the whole set at once: an independent reference for the batched float32 scores.
 */
export async function squaredErrors64(
  model: { reconstruct(x: tf.Tensor): tf.Tensor },
  data: Dataset,
): Promise<number[]> {
  const all = toTensor(data);
  const xHat = model.reconstruct(all);
  const [x, r] = [await rowsOf(all), await rowsOf(xHat)];
  tf.dispose([all, xHat]);
  return x.map((row, i) =>
    row.reduce((sum, v, j) => sum + (v - ((r[i] as number[])[j] as number)) ** 2, 0),
  );
}

/** Rows `[count, features]` of a tensor read back as float64 arrays. */
export async function rowsOf(t: tf.Tensor): Promise<number[][]> {
  const n = t.shape[0] as number;
  const flat = tf.reshape(t, [n, -1]);
  const rows = (await flat.array()) as number[][];
  flat.dispose();
  return rows;
}

/** Runs `run` twice and expects the number of live tensors not to change. */
export async function expectNoLeak(run: () => Promise<unknown>): Promise<void> {
  await run(); // Warm-up: layers may create their weights on the first call.
  const before = tf.memory().numTensors;
  await run();
  await run();
  expect(tf.memory().numTensors).toBe(before);
}

/** Expects `run` to reject with an error of class `type` whose message contains `text`. */
export async function expectRejects(
  run: () => Promise<unknown>,
  type: abstract new (...args: never[]) => Error,
  text: string,
): Promise<void> {
  const before = tf.memory().numTensors;
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  expect((error as Error).message).toContain(text);
  expect(tf.memory().numTensors).toBe(before);
}
