import { join, resolve } from 'node:path';
import { type BackendName, initBackend } from '@ae/backend';
import { type OptimizerName, Trainer } from '@ae/trainer';
import { fileStore } from '@ae/vae/node';
import { type DatasetSpec, specString } from '../data/dataset-spec.js';
import { corruptionOf, loadData } from '../data/load-data.js';
import { metricsFile } from '../metrics-file.js';
import { buildModel, type ModelFlags, trainingNoise } from '../models/build-model.js';
import { progressBar } from '../progress.js';
import { writeRunJson } from '../run-dir.js';
import { writeTrainPictures } from './train-pictures.js';

/** Parsed options of `ae train`. */
export interface TrainCommandOptions extends ModelFlags {
  dataset: DatasetSpec;
  /** Keep only these classes (names or labels). */
  class?: string[];
  /** CSV: the label column. */
  labelColumn?: string;
  epochs: number;
  batchSize: number;
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
    /** Test examples (top), noisy inputs (denoising), reconstructions (bottom). */
    reconstructions?: string;
    /** Draws from the prior (models that have one). */
    samples?: string;
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
  const noise = trainingNoise(o);
  log(
    `data: ${train.name} ${train.count} examples of ${train.shape.join('×')}, ${validation.name} ${validation.count} for validation${noise ? `; input noise ${noise.kind}:${noise.amount}` : ''}`,
  );

  // Data first: a bad --dataset fails fast, before the backend starts.
  const backend = await initBackend(o.backend ? { prefer: o.backend } : {});
  log(`backend: ${backend.name} (${backend.packageName})`);

  const out = resolve(o.out);
  const model = buildModel(o, train);
  const corruption = noise ? corruptionOf(noise, train.domain) : undefined;
  const metricsPath = join(out, 'metrics.jsonl');
  const trainer = new Trainer(model, {
    epochs: o.epochs,
    batchSize: o.batchSize,
    learningRate: o.learningRate,
    optimizer: o.optimizer,
    seed: o.seed,
    ...(corruption ? { corruption } : {}),
    callbacks: [progressBar(), metricsFile(metricsPath)],
  });
  const result = await trainer.fit(train, { validation });
  await model.save(fileStore(out), {
    dataset: {
      name: train.name,
      shape: train.shape,
      ...(train.classNames ? { classNames: train.classNames } : {}),
    },
  });

  await writeRunJson(out, {
    dataset: specString(o.dataset),
    ...(o.class ? { classes: o.class } : {}),
    ...(o.labelColumn ? { labelColumn: o.labelColumn } : {}),
    ...(o.limit !== undefined ? { limit: o.limit } : {}),
    ...(noise ? { noise } : {}),
    seed: o.seed,
    model: o.model,
  });

  // Pictures of images; tabular rows (domain 'real') have none.
  const pictures =
    train.domain === 'real'
      ? undefined
      : await writeTrainPictures(model, { train, validation }, out, {
          seed: o.seed,
          ...(corruption ? { corruption } : {}),
        });
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
      ...pictures,
    },
  };
}
