/**
 * Turns a model trained in the page into {@link ExportData}: the same fields `ae export`
 * writes (validation examples, anomaly quantiles, codebook usage), with the networks held in
 * memory instead of files.
 */
import { type Dataset, exampleSize, toTensor } from '@ae/datasets';
import { type AutoencoderModel, memoryStore, VQVAE } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { squaredError, summarizeScores } from './anomaly.js';
import type { ExportJson } from './export-format.js';
import type { ExportData } from './train-protocol.js';

/** Examples per forward pass when scoring. */
const CHUNK = 250;

/** Runs `fn` over `data` in chunks and returns its outputs' values, concatenated. */
async function mapChunks(
  data: Dataset,
  fn: (x: tf.Tensor, labels: tf.Tensor | undefined) => tf.Tensor,
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let start = 0; start < data.count; start += CHUNK) {
    const idx = Array.from({ length: Math.min(CHUNK, data.count - start) }, (_, i) => start + i);
    const x = toTensor(data, idx);
    const labels = data.labels
      ? tf.tensor1d(
          idx.map((i) => data.labels?.[i] ?? 0),
          'int32',
        )
      : undefined;
    const y = fn(x, labels);
    out.push((await y.data()) as Float32Array);
    tf.dispose([x, labels, y]);
  }
  return out;
}

/** Σ(x − x̂)² of every example of `data` (conditional models see the true labels). */
export async function anomalyScores(model: AutoencoderModel, data: Dataset): Promise<Float64Array> {
  const size = exampleSize(data);
  const conditional = (model.numClasses ?? 0) > 0;
  const chunks = await mapChunks(data, (x, labels) =>
    model.reconstruct(x, conditional && labels ? { labels } : {}),
  );
  const scores = new Float64Array(data.count);
  let i = 0;
  for (const chunk of chunks) {
    for (let k = 0; k * size < chunk.length; k++, i++) {
      const x = data.x.subarray(i * size, (i + 1) * size);
      scores[i] = squaredError(x, chunk.subarray(k * size, (k + 1) * size));
    }
  }
  return scores;
}

/** How many examples of `data` use each code of a VQ-VAE. */
async function codeUsage(model: VQVAE, data: Dataset): Promise<number[]> {
  const counts = new Array<number>(model.config.numCodes).fill(0);
  const chunks = await mapChunks(data, (x) => tf.cast(model.codeIndices(x), 'float32'));
  for (const chunk of chunks) for (const c of chunk) counts[c] = (counts[c] ?? 0) + 1;
  return counts;
}

/**
 * Everything the Explore tab needs about `model`, trained on `train` and validated on
 * `validation` (which become the explored examples). For a VQ-VAE this also fits the prior
 * over codes on `train`, so it can sample.
 */
export async function exportData(
  model: AutoencoderModel,
  modelName: string,
  train: Dataset,
  validation: Dataset,
): Promise<ExportData> {
  const vq = model instanceof VQVAE ? model : undefined;
  if (vq) {
    const x = toTensor(train);
    await vq.fitPrior(x);
    x.dispose();
  }
  const scores = await anomalyScores(model, validation);
  const store = memoryStore();
  await model.save(store, {
    dataset: {
      name: train.name,
      shape: train.shape,
      ...(train.classNames ? { classNames: train.classNames } : {}),
    },
  });
  const examples = new Uint8Array(validation.x.length);
  for (let i = 0; i < examples.length; i++) {
    examples[i] = Math.round((validation.x[i] as number) * 255);
  }
  const meta: ExportJson = {
    format: 'ae-export',
    formatVersion: 1,
    family: model.family,
    model: modelName,
    latentDim: model.latentDim,
    inputShape: [...train.shape],
    numClasses: model.numClasses ?? 0,
    ...(train.classNames ? { classNames: [...train.classNames] } : {}),
    hasPrior: typeof model.sample === 'function',
    examples: {
      file: 'examples.bin',
      count: validation.count,
      labels: Array.from(validation.labels ?? []),
    },
    anomaly: summarizeScores(scores),
    ...(vq
      ? { codebook: { numCodes: vq.config.numCodes, usage: await codeUsage(vq, validation) } }
      : {}),
    createdAt: new Date().toISOString(),
  };
  return {
    meta,
    examples,
    aeJson: await store.readConfig(),
    networks: [...store.artifacts.entries()],
  };
}
