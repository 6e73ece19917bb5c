/**
 * The pictures `ae train` writes after training: reconstructions of test examples (with
 * their noisy inputs for denoising runs) and draws from the model's prior, when it has one.
 */
import { join } from 'node:path';
import { type AutoencoderModel, canFitPrior, canSample } from '@ae/core';
import { batches, type Corruption, createRng, type Dataset, exampleSize } from '@ae/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { tileGrid } from '../images/grid.js';
import { writePng } from '../images/png.js';

/** Paths of the pictures written. */
export interface TrainPictures {
  /** Test examples (top), [noisy inputs,] reconstructions (bottom). */
  reconstructions: string;
  /** Draws from the prior, when the model has one. */
  samples?: string;
}

/** `n` evenly spaced examples, so sorted sources (e.g. a factor grid) show their variety. */
function spread(ds: Dataset, n: number): { x: Float32Array; labels: Int32Array } {
  const size = exampleSize(ds);
  const x = new Float32Array(n * size);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const at = Math.floor((i * ds.count) / n);
    x.set(ds.x.subarray(at * size, (at + 1) * size), i * size);
    labels[i] = ds.labels?.[at] ?? 0;
  }
  return { x, labels };
}

/** Writes the pictures of a trained model into `out`. */
export async function writeTrainPictures(
  model: AutoencoderModel,
  data: { train: Dataset; validation: Dataset },
  out: string,
  options: { seed: number; corruption?: Corruption },
): Promise<TrainPictures> {
  const { validation, train } = data;
  const shape = validation.shape;
  const n = Math.min(10, validation.count);
  const { x, labels } = spread(validation, n);
  const rows: Float32Array[] = [x];
  let input = x;
  if (options.corruption) {
    input = options.corruption(x, createRng(options.seed));
    rows.push(input);
  }
  const condition = model.numClasses ? { labels: tf.tensor1d(labels, 'int32') } : {};
  const recon = tf.tidy(() => model.reconstruct(tf.tensor(input, [n, ...shape]), condition));
  rows.push((await recon.data()) as Float32Array);
  tf.dispose([recon, condition.labels]);
  const grid = new Float32Array(rows.length * n * exampleSize(validation));
  rows.forEach((r, i) => {
    grid.set(r, i * r.length);
  });
  const reconstructions = join(out, 'reconstructions.png');
  await writePng(reconstructions, tileGrid(grid, rows.length * n, shape, { columns: n }));

  if (canFitPrior(model) && !canSample(model)) {
    // A prior fitted after training (a VQ-VAE's over its codes) is fitted on the training codes.
    await model.fitPrior(batches(train, { batchSize: 256, shuffle: false }));
  }
  if (!canSample(model)) return { reconstructions };
  const samples = join(out, 'samples.png');
  if (model.numClasses) {
    // One row per class: 8 draws each.
    const k = Math.min(model.numClasses, 10);
    const parts: Float32Array[] = [];
    for (let c = 0; c < k; c++) {
      const s = model.sample(8, { seed: options.seed + c, label: c });
      parts.push((await s.data()) as Float32Array);
      s.dispose();
    }
    const all = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    await writePng(samples, tileGrid(all, 8 * k, shape, { columns: 8 }));
  } else {
    const s = model.sample(64, { seed: options.seed });
    await writePng(samples, tileGrid((await s.data()) as Float32Array, 64, shape, { columns: 8 }));
    s.dispose();
  }
  return { reconstructions, samples };
}
