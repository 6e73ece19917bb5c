/**
 * How a user trains a model without `@ae/trainer`: a hand-written tfjs training loop, for
 * the overhead and kernel-profile benchmarks (the networks are in networks.ts).
 */
import { createRng } from '@ae/backend';
import { type Dataset, exampleSize } from '@ae/datasets';
import type { AutoencoderModel } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';

/**
 * One optimizer step on batch `x` as a user writes it: minimize the model's total loss
 * over its trainable variables. The loss terms are disposed inside `minimize`; with
 * `returnCost` the total is returned and the caller owns it.
 */
export function handStep(
  model: AutoencoderModel,
  optimizer: tf.Optimizer,
  x: tf.Tensor,
  returnCost = false,
): tf.Scalar | null {
  return optimizer.minimize(
    () => model.lossTerms({ x }, { training: true }).total,
    returnCost,
    model.trainableVariables,
  );
}

/** The rows of `ds` at `indices` as a float32 tensor `[n, h, w, c]`; the caller owns it. */
export function batchTensor(ds: Dataset, indices: Uint32Array): tf.Tensor4D {
  const size = exampleSize(ds);
  const rows = new Float32Array(indices.length * size);
  for (let i = 0; i < indices.length; i++) {
    const start = (indices[i] as number) * size;
    rows.set(ds.x.subarray(start, start + size), i * size);
  }
  const [h, w, c] = ds.shape;
  return tf.tensor4d(rows, [indices.length, h, w, c], 'float32');
}

/** What {@link handEpoch} measured. */
export interface HandEpochResult {
  /** Wall-clock seconds of the whole epoch (shuffle, batches, steps, final loss read). */
  seconds: number;
  /** Optimizer steps taken: ⌈count / batchSize⌉. */
  steps: number;
  /** Examples trained on. */
  examples: number;
  /** Total loss of the last batch: the only value read back from the backend. */
  lastLoss: number;
}

/**
 * One epoch of a hand-written training loop over `ds`: a seeded permutation of the
 * indices, then per batch a gathered float32 tensor and one `optimizer.minimize`;
 * nothing is read back except the last batch's loss, once, at the end. Leaves no tensor
 * behind (the optimizer's own slots aside).
 */
export async function handEpoch(
  model: AutoencoderModel,
  optimizer: tf.Optimizer,
  ds: Dataset,
  options: { batchSize: number; seed: number },
): Promise<HandEpochResult> {
  const started = performance.now();
  const { batchSize } = options;
  const order = createRng(options.seed).permutation(ds.count);
  const steps = Math.ceil(ds.count / batchSize);
  let lastLoss = Number.NaN;
  for (let b = 0; b < steps; b++) {
    const x = batchTensor(ds, order.subarray(b * batchSize, (b + 1) * batchSize));
    const last = b === steps - 1;
    const cost = handStep(model, optimizer, x, last);
    x.dispose();
    if (cost !== null) {
      lastLoss = (await cost.data())[0] ?? Number.NaN;
      cost.dispose();
    }
  }
  return { seconds: (performance.now() - started) / 1000, steps, examples: ds.count, lastLoss };
}
