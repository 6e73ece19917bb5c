import { join, resolve } from 'node:path';
import { type BackendName, initBackend } from '@ae/backend';
import { type OptimizerName, Trainer } from '@ae/trainer';
import { VAE } from '@ae/vae';
import { fileStore } from '@ae/vae/node';
import * as tf from '@tensorflow/tfjs-core';
import type { DatasetSpec, NoiseSpec } from '../data/dataset-spec.js';
import { corruptionOf, loadData } from '../data/load-data.js';
import { tileGrid } from '../images/grid.js';
import { writePng } from '../images/png.js';
import { metricsFile } from '../metrics-file.js';
import { progressBar } from '../progress.js';

/** Parsed options of `ae train`. */
export interface TrainCommandOptions {
  model: 'vae';
  dataset: DatasetSpec;
  /** Keep only these classes (names or labels). */
  class?: string[];
  /** Corrupt the training input (denoising). */
  noise?: NoiseSpec;
  /** CSV: the label column. */
  labelColumn?: string;
  epochs: number;
  batchSize: number;
  latentDim: number;
  hidden: number[];
  beta: number;
  learningRate: number;
  optimizer: OptimizerName;
  limit?: number;
  seed: number;
  backend?: BackendName;
  out: string;
  json?: boolean;
}

/** The final summary of `ae train` (printed as the last line of stdout with `--json`). */
export interface TrainSummary {
  command: 'train';
  model: string;
  dataset: string;
  backend: string;
  examples: { train: number; validation: number };
  epochs: number;
  steps: number;
  seconds: number;
  /** Logs of the last epoch: every loss term, `val_` ones, throughput. */
  metrics: Record<string, number>;
  /** Paths of everything written. */
  files: {
    model: string;
    config: string;
    metrics: string;
    reconstructions: string;
    samples: string;
  };
}

const log = (message: string) => process.stderr.write(`${message}\n`);

/** `ae train`: trains a model, saves it, and writes metrics and pictures into `--out`. */
export async function trainCommand(o: TrainCommandOptions): Promise<TrainSummary> {
  const started = performance.now();

  const {
    train,
    validation,
    name: datasetName,
  } = await loadData(o.dataset, {
    seed: o.seed,
    ...(o.class ? { classes: o.class } : {}),
    ...(o.limit !== undefined ? { limit: o.limit } : {}),
    ...(o.labelColumn ? { labelColumn: o.labelColumn } : {}),
  });
  log(
    `data: ${train.name} ${train.count} examples of ${train.shape.join('×')}, ${validation.name} ${validation.count} for validation${o.noise ? `; input noise ${o.noise.kind}:${o.noise.amount}` : ''}`,
  );

  // Data first: a bad --dataset fails fast, before the backend starts.
  const backend = await initBackend(o.backend ? { prefer: o.backend } : {});
  log(`backend: ${backend.name} (${backend.packageName})`);

  const out = resolve(o.out);
  const model = new VAE({
    inputShape: [...train.shape],
    latentDim: o.latentDim,
    hidden: o.hidden,
    beta: o.beta,
    seed: o.seed,
  });
  const metricsPath = join(out, 'metrics.jsonl');
  const trainer = new Trainer(model, {
    epochs: o.epochs,
    batchSize: o.batchSize,
    learningRate: o.learningRate,
    optimizer: o.optimizer,
    seed: o.seed,
    ...(o.noise ? { corruption: corruptionOf(o.noise, train.domain) } : {}),
    callbacks: [progressBar(), metricsFile(metricsPath)],
  });
  const result = await trainer.fit(train, { validation });

  await model.save(fileStore(out), { dataset: { name: train.name, shape: train.shape } });

  // Pictures: the first test images above their reconstructions, and prior samples.
  const n = Math.min(10, validation.count);
  const size = train.shape[0] * train.shape[1] * train.shape[2];
  // Evenly spaced test examples, so sorted sources (e.g. a factor grid) show their variety.
  const originals = new Float32Array(n * size);
  for (let i = 0; i < n; i++) {
    const at = Math.floor((i * validation.count) / n) * size;
    originals.set(validation.x.subarray(at, at + size), i * size);
  }
  const recon = tf.tidy(() => model.reconstruct(tf.tensor(originals, [n, ...train.shape])));
  const both = new Float32Array(2 * n * size);
  both.set(originals, 0);
  both.set(await recon.data(), n * size);
  recon.dispose();
  const reconstructionsPath = join(out, 'reconstructions.png');
  await writePng(reconstructionsPath, tileGrid(both, 2 * n, train.shape, { columns: n }));

  const samples = model.sample(64, { seed: o.seed });
  const samplesPath = join(out, 'samples.png');
  await writePng(
    samplesPath,
    tileGrid((await samples.data()) as Float32Array, 64, train.shape, { columns: 8 }),
  );
  samples.dispose();
  model.dispose();
  trainer.optimizer.dispose();

  const last = result.history[result.history.length - 1] ?? {};
  return {
    command: 'train',
    model: o.model,
    dataset: datasetName,
    backend: backend.name,
    examples: { train: train.count, validation: validation.count },
    epochs: result.history.length,
    steps: result.steps,
    seconds: (performance.now() - started) / 1000,
    metrics: { ...last },
    files: {
      model: out,
      config: join(out, 'ae.json'),
      metrics: metricsPath,
      reconstructions: reconstructionsPath,
      samples: samplesPath,
    },
  };
}
