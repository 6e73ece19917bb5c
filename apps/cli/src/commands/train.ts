import { join, resolve } from 'node:path';
import { type BackendName, initBackend } from '@ae/backend';
import { batchCount, corruptionFromSpec, type DataSource, formatDataSource } from '@ae/datasets';
import { resolveDataSource } from '@ae/datasets/node';
import { type OptimizerName, Trainer, TrainingError } from '@ae/trainer';
import { type Checkpoint, checkpoints, readCheckpoint } from '@ae/trainer/node';
import { type AutoencoderModel, loadModel } from '@ae/vae';
import { fileStore } from '@ae/vae/node';
import { CliError } from '../cli-error.js';
import { loadData } from '../data/load-data.js';
import { writeLossPlot } from '../loss-plot.js';
import { metricsFile } from '../metrics-file.js';
import { buildModel, type ModelFlags, trainingNoise } from '../models/build-model.js';
import { checkModelSize } from '../models/planned-size.js';
import { type OutDir, openOutDir } from '../out-dir.js';
import { namingWriteErrors } from '../out-path.js';
import { progressBar } from '../progress.js';
import { writeRunJson } from '../run-dir.js';
import {
  type KlScheduleSpec,
  klSchedule,
  type LrScheduleSpec,
  lrSchedule,
} from '../schedule-spec.js';
import { checkBinarize, checkModelFlags, type TrainBinarizeMode } from './train-checks.js';
import { writeTrainPictures } from './train-pictures.js';

/** Parsed options of `ae train`. */
export interface TrainCommandOptions extends ModelFlags {
  dataset: DataSource;
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
  /** `--lr-schedule`; default constant. */
  lrSchedule?: LrScheduleSpec;
  /** `--kl-schedule` (models with a KL term); default constant. */
  klSchedule?: KlScheduleSpec;
  /** `--early-stopping <patience>`: stop when val_total has not improved for this many epochs. */
  earlyStopping?: number;
  /** `--checkpoint-every <n>` epochs; default 1. */
  checkpointEvery?: number;
  /** `--resume`: continue from the last checkpoint in `<out>/checkpoints`. */
  resume?: boolean;
  /** `--overwrite`: replace the run in `--out` (files ae did not write stay). */
  overwrite?: boolean;
  /**
   * `--binarize`: `'dynamic'` draws every pixel as Bernoulli(p = pixel) each time an
   * example is used (pixel data only); `'none'` or absent trains on the grey values.
   */
  binarize?: TrainBinarizeMode;
  /** `--tutorial`: the preset's tutorial recipe filled in the options not given (see `applyTutorial`). */
  tutorial?: boolean;
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
    /** Every loss term against the epoch. */
    loss: string;
    /** The model of the best epoch (lowest val_total). */
    best: string;
    /** The last checkpoint (model, optimizer state, counters, generators). */
    checkpoints: string;
  };
  /** The epoch with the lowest val_total. */
  best?: { epoch: number; metric: string; value: number };
  /** True when early stopping ended training. */
  stoppedEarly: boolean;
  /** The epoch this run resumed after (0 for a fresh run). */
  resumedFrom: number;
}

const log = (message: string) => process.stderr.write(`${message}\n`);

/** Who runs {@link trainCommand}: the command, for advice. */
export interface TrainContext {
  /** `ae anomaly` trains through `ae train`'s code; its advice differs. Default `'train'`. */
  command?: 'train' | 'anomaly';
}

/** The last checkpoint of the run in `out`, for `--resume`; a `CLI_NO_CHECKPOINT` error without one. */
export async function requireCheckpoint(out: string): Promise<Checkpoint> {
  const dir = join(resolve(out), 'checkpoints');
  const checkpoint = await readCheckpoint(dir);
  if (!checkpoint) {
    throw new CliError(
      'CLI_NO_CHECKPOINT',
      `--resume: no checkpoint in ${dir}. Start the run without --resume (checkpoints are written after every epoch).`,
    );
  }
  return checkpoint;
}

/**
 * `ae train`: trains a model, saves it, and writes metrics, checkpoints and pictures into
 * `--out`. With `resume`, the options saved in the last checkpoint are used (the caller
 * merges explicitly given flags such as `--epochs`) and training continues after it.
 */
export async function trainCommand(
  o: TrainCommandOptions,
  /** The checkpoint to resume from, when the caller has read it already. */
  resumeFrom?: Checkpoint,
  context: TrainContext = {},
): Promise<TrainSummary> {
  const outDir = await openOutDir(o.out, {
    ...(o.resume ? { resume: true } : {}),
    ...(o.overwrite ? { overwrite: true } : {}),
    dataset: o.dataset,
    command: context.command ?? 'train',
    log,
  });
  try {
    return await namingWriteErrors(
      `into --out ${o.out}`,
      () => trainInto(outDir, o, resumeFrom),
      async () => {
        const last = await readCheckpoint(join(outDir.dir, 'checkpoints')).catch(() => undefined);
        return last
          ? `The last complete checkpoint (epoch ${last.epoch}) is kept: free some space and continue with --resume --out ${o.out}.`
          : 'Free some space or choose another --out.';
      },
    );
  } finally {
    outDir.release();
  }
}

/** The training of {@link trainCommand}, into the checked and locked run directory. */
async function trainInto(
  outDir: OutDir,
  o: TrainCommandOptions,
  resumeFrom: Checkpoint | undefined,
): Promise<TrainSummary> {
  const started = performance.now();
  const out = outDir.dir;
  const checkpointDir = join(out, 'checkpoints');
  const checkpoint = o.resume ? (resumeFrom ?? (await requireCheckpoint(out))) : undefined;
  checkModelFlags(o);

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
  checkBinarize(o.binarize, train, datasetName);
  const noise = trainingNoise(o);
  const binarize = o.binarize === 'dynamic';
  log(
    `data: ${train.name} ${train.count} examples of ${train.shape.join('×')}, ${validation.name} ${validation.count} for validation${noise ? `; input noise ${noise.kind}:${noise.amount}` : ''}${binarize ? '; pixels binarized dynamically' : ''}`,
  );

  // Data first: a bad --dataset fails fast, before the backend starts.
  const backend = await initBackend(o.backend ? { prefer: o.backend } : {});
  log(`backend: ${backend.name} (${backend.packageName})`);
  if (backend.native) log(backend.native.note);

  if (!checkpoint) checkModelSize(o, train, backend.name);
  const model: AutoencoderModel = checkpoint
    ? await loadModel(checkpoint.modelDir)
    : buildModel(o, train);
  // Every check has passed: only now does the run that was there go.
  if (o.overwrite) outDir.clearPrevious();
  const corruption = noise ? corruptionFromSpec(noise, train.domain) : undefined;
  const metricsPath = join(out, 'metrics.jsonl');
  const stepsPerEpoch = batchCount(train, o.batchSize);
  const saveExtra = {
    dataset: {
      name: train.name,
      shape: train.shape,
      ...(train.classNames ? { classNames: train.classNames } : {}),
    },
  };
  const bestDir = join(out, 'best');
  const progress = progressBar();
  const trainer = new Trainer(model, {
    epochs: o.epochs,
    batchSize: o.batchSize,
    learningRate: lrSchedule(
      o.lrSchedule ?? { kind: 'constant' },
      o.learningRate,
      stepsPerEpoch,
      o.epochs,
    ),
    ...(o.klSchedule && o.klSchedule.kind !== 'constant'
      ? { lossWeights: { kl: klSchedule(o.klSchedule, stepsPerEpoch, o.epochs) } }
      : {}),
    optimizer: o.optimizer,
    seed: o.seed,
    ...(corruption ? { corruption } : {}),
    ...(binarize ? { binarize } : {}),
    ...(o.earlyStopping ? { earlyStopping: { patience: o.earlyStopping } } : {}),
    callbacks: [
      progress,
      metricsFile(metricsPath, checkpoint?.state.history ?? []),
      checkpoints({
        dir: checkpointDir,
        every: o.checkpointEvery ?? 1,
        bestDir,
        // Paths made absolute, so --resume works from any directory.
        config: { ...o, dataset: resolveDataSource(o.dataset), resume: false },
        saveModel: (dir) => model.save(fileStore(dir), saveExtra),
      }),
    ],
  });
  if (checkpoint) {
    await trainer.importState(checkpoint);
    log(
      `resuming after epoch ${checkpoint.epoch} (step ${checkpoint.state.step}) from ${checkpoint.dir}`,
    );
  }
  let result: Awaited<ReturnType<Trainer['fit']>>;
  try {
    result = await trainer.fit(train, { validation });
  } catch (error) {
    progress.stop();
    if (error instanceof TrainingError && error.code === 'TRAIN_NON_FINITE_LOSS') {
      const last = await readCheckpoint(checkpointDir).catch(() => undefined);
      const keep = last
        ? ` The last good checkpoint (epoch ${last.epoch}) is in ${checkpointDir}; continue from it with --resume --out ${o.out} and a lower --learning-rate.`
        : ' No epoch finished, so there is no checkpoint.';
      throw new TrainingError(error.code, `${error.message}${keep}`, error.step);
    }
    throw error;
  }
  await model.save(fileStore(out), saveExtra);

  await writeRunJson(out, {
    dataset: formatDataSource(resolveDataSource(o.dataset)),
    ...(o.class ? { classes: o.class } : {}),
    ...(o.labelColumn ? { labelColumn: o.labelColumn } : {}),
    ...(o.limit !== undefined ? { limit: o.limit } : {}),
    ...(noise ? { noise } : {}),
    ...(binarize ? { binarize: 'dynamic' as const } : {}),
    seed: o.seed,
    model: o.model,
    ...(o.activation ? { activation: o.activation } : {}),
  });
  const lossPath = join(out, 'loss.png');
  await writeLossPlot(metricsPath, lossPath);

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
    ...(result.best ? { best: result.best } : {}),
    stoppedEarly: result.stoppedEarly,
    resumedFrom: checkpoint?.epoch ?? 0,
    files: {
      model: out,
      config: join(out, 'ae.json'),
      metrics: metricsPath,
      ...pictures,
      loss: lossPath,
      best: bestDir,
      checkpoints: checkpointDir,
    },
  };
}
