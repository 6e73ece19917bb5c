import { createRng, type Rng } from '@ae/backend';
import { type Batch, batchCount, batches, type Corruption, type Dataset } from '@ae/datasets';
import * as tf from '@tensorflow/tfjs-core';
import type { EpochLogs, Logs, TrainerCallback } from './callbacks.js';
import { createOptimizer, OPTIMIZERS, type OptimizerName } from './optimizers.js';
import type { TrainableModel } from './trainable-model.js';
import { TrainingError } from './training-error.js';

/** Options of a {@link Trainer}. */
export interface TrainerOptions {
  /** Passes over the training set. */
  epochs: number;
  /** Examples per optimizer step; default 128. */
  batchSize?: number;
  /** Optimizer; default `'adam'`. */
  optimizer?: OptimizerName;
  /** Learning rate; default 1e-3. */
  learningRate?: number;
  /** Seed of the shuffling order; default 0. */
  seed?: number;
  /** Shuffle the training set every epoch; default true. */
  shuffle?: boolean;
  /**
   * Read the loss values back from the backend every this many steps (one sync per
   * read); default 1. Epoch means are exact whatever the value.
   */
  logEvery?: number;
  /**
   * Give the event loop a turn at least this often, in milliseconds, so timers,
   * progress output and (in a browser) rendering keep running; default 50.
   */
  yieldEvery?: number;
  /** Hooks called during training. */
  callbacks?: TrainerCallback[];
  /**
   * Corrupt every batch (e.g. `gaussianNoise({ std: 0.3 })` from `@ae/datasets`): models
   * get the noisy copy as `batch.input` and the clean examples as `batch.x` (denoising).
   * Fresh noise every step; validation uses noise seeded by `seed`, the same each epoch.
   */
  corruption?: Corruption;
  /**
   * Resample binary pixels (Bernoulli of the grey values) for every training batch:
   * dynamically binarized data. Default false.
   */
  binarize?: boolean;
}

/** Reads scalar loss terms back from the backend, by name. Does not dispose them. */
async function readTerms(terms: Record<string, tf.Scalar>): Promise<Logs> {
  const names = Object.keys(terms);
  const values = await Promise.all(names.map((n) => (terms[n] as tf.Scalar).data()));
  return Object.fromEntries(names.map((n, i) => [n, values[i]?.[0] ?? Number.NaN]));
}

/** Resolves on a macrotask, letting timers and rendering run. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** What {@link Trainer.fit} returns. */
export interface TrainResult {
  /** Logs of every finished epoch. */
  history: EpochLogs[];
  /** Optimizer steps taken. */
  steps: number;
  /** True when `stop()` ended training early. */
  stopped: boolean;
}

interface PendingStep {
  step: number;
  size: number;
  terms: Record<string, tf.Scalar>;
}

/** Running sums of loss terms, weighted by batch size. */
class Accumulator {
  private sums: Record<string, number> = {};
  private count = 0;

  add(values: Logs, size: number): void {
    for (const [k, v] of Object.entries(values)) this.sums[k] = (this.sums[k] ?? 0) + v * size;
    this.count += size;
  }

  means(prefix = ''): Logs {
    const out: Logs = {};
    for (const [k, v] of Object.entries(this.sums)) out[prefix + k] = v / this.count;
    return out;
  }
}

function positiveInt(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new TrainingError(
      'TRAIN_BAD_OPTION',
      `${name} must be a positive integer, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/**
 * Trains any {@link TrainableModel} with `optimizer.minimize`: it logs every loss
 * term the model names, validates each epoch, and calls the callbacks. It never
 * looks at what kind of model it trains.
 *
 * @example
 * const trainer = new Trainer(vae, { epochs: 5, batchSize: 128, seed: 1 });
 * const { history } = await trainer.fit(train, { validation: test });
 */
export class Trainer {
  readonly options: Required<Omit<TrainerOptions, 'callbacks' | 'corruption'>> & {
    callbacks: TrainerCallback[];
    corruption?: Corruption;
  };
  readonly optimizer: tf.Optimizer;
  /** The generator of the shuffling order. */
  readonly rng: Rng;
  private stopRequested = false;

  constructor(
    readonly model: TrainableModel,
    options: TrainerOptions,
  ) {
    const o = {
      batchSize: 128,
      optimizer: 'adam' as OptimizerName,
      learningRate: 1e-3,
      seed: 0,
      shuffle: true,
      logEvery: 1,
      yieldEvery: 50,
      callbacks: [],
      binarize: false,
      ...options,
    };
    positiveInt('epochs', o.epochs);
    positiveInt('batchSize', o.batchSize);
    positiveInt('logEvery', o.logEvery);
    if (typeof o.yieldEvery !== 'number' || !(o.yieldEvery >= 0)) {
      throw new TrainingError(
        'TRAIN_BAD_OPTION',
        `yieldEvery must be a number of milliseconds ≥ 0, got ${JSON.stringify(o.yieldEvery)}.`,
      );
    }
    if (!Number.isInteger(o.seed)) {
      throw new TrainingError(
        'TRAIN_BAD_OPTION',
        `seed must be an integer, got ${JSON.stringify(o.seed)}.`,
      );
    }
    if (!OPTIMIZERS.includes(o.optimizer)) {
      throw new TrainingError(
        'TRAIN_BAD_OPTION',
        `optimizer must be one of ${OPTIMIZERS.join(', ')}, got ${JSON.stringify(o.optimizer)}.`,
      );
    }
    this.options = o;
    this.optimizer = createOptimizer(o.optimizer, o.learningRate);
    this.rng = createRng(o.seed);
  }

  /** Asks training to stop after the current step. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Trains for `options.epochs` epochs on `train`, validating on `validation` after each. */
  async fit(train: Dataset, options: { validation?: Dataset } = {}): Promise<TrainResult> {
    const { epochs, batchSize, logEvery, callbacks, shuffle } = this.options;
    if (train.count === 0) {
      throw new TrainingError(
        'TRAIN_EMPTY_DATASET',
        `the training set "${train.name}" has no examples.`,
      );
    }
    const call = async <K extends keyof TrainerCallback>(
      hook: K,
      ...args: Parameters<NonNullable<TrainerCallback[K]>>
    ): Promise<void> => {
      for (const cb of callbacks) {
        // biome-ignore lint/suspicious/noExplicitAny: hooks are called with their own parameter list.
        await (cb[hook] as ((...a: any[]) => unknown) | undefined)?.apply(cb, args);
      }
    };

    this.stopRequested = false;
    const history: EpochLogs[] = [];
    const batchesPerEpoch = batchCount(train, batchSize);
    let step = 0;
    let lastYield = performance.now();
    await call('onTrainBegin', { epochs, batchesPerEpoch, examplesPerEpoch: train.count });

    for (let epoch = 1; epoch <= epochs && !this.stopRequested; epoch++) {
      await call('onEpochBegin', epoch);
      const acc = new Accumulator();
      const pending: PendingStep[] = [];
      const started = performance.now();
      let seen = 0;
      let batchIndex = 0;
      for await (const batch of batches(train, {
        batchSize,
        shuffle,
        rng: this.rng,
        ...this.transforms(),
      })) {
        step += 1;
        pending.push({ step, size: batch.size, terms: this.step(batch, step - 1) });
        seen += batch.size;
        let logs: Logs | undefined;
        if (pending.length >= logEvery) logs = await this.flush(pending, acc);
        await call('onBatchEnd', { epoch, batch: batchIndex, step, size: batch.size }, logs);
        batchIndex += 1;
        if (performance.now() - lastYield >= this.options.yieldEvery) {
          await nextTask();
          lastYield = performance.now();
        }
        if (this.stopRequested) break;
      }
      await this.flush(pending, acc);
      const seconds = (performance.now() - started) / 1000;
      const validation = options.validation ? await this.evaluate(options.validation) : {};
      const logs: EpochLogs = {
        epoch,
        step,
        ...acc.means(),
        ...Object.fromEntries(Object.entries(validation).map(([k, v]) => [`val_${k}`, v])),
        seconds,
        samplesPerSecond: seen / seconds,
      };
      history.push(logs);
      await call('onEpochEnd', epoch, logs);
    }
    await call('onTrainEnd', history);
    return { history, steps: step, stopped: this.stopRequested };
  }

  /** Mean loss terms over a data set, without training. */
  async evaluate(data: Dataset): Promise<Logs> {
    const acc = new Accumulator();
    const { corruption, binarize } = this.options;
    for await (const batch of batches(data, {
      batchSize: this.options.batchSize,
      shuffle: false,
      ...(corruption || binarize ? { seed: this.options.seed } : {}),
      ...this.transforms(),
    })) {
      const terms = tf.tidy(() => this.model.lossTerms(batch, { training: false }));
      acc.add(await readTerms(terms), batch.size);
      tf.dispose([batch.x, batch.input, batch.labels, ...Object.values(terms)]);
    }
    return acc.means();
  }

  /** One optimizer step; returns the loss terms, which the caller owns. */
  private step(batch: Batch, stepsBefore: number): Record<string, tf.Scalar> {
    const kept: Record<string, tf.Scalar> = {};
    try {
      const total = this.optimizer.minimize(
        () => {
          const terms = this.model.lossTerms(batch, { training: true, step: stepsBefore });
          for (const [name, value] of Object.entries(terms)) {
            if (name !== 'total') kept[name] = tf.keep(value);
          }
          return terms.total;
        },
        true,
        this.model.trainableVariables,
      ) as tf.Scalar;
      return { total, ...kept };
    } finally {
      tf.dispose([batch.x, batch.input, batch.labels]);
    }
  }

  /** The batch options that transform examples: corruption and dynamic binarization. */
  private transforms(): { corruption?: Corruption; binarize?: 'dynamic' } {
    const { corruption, binarize } = this.options;
    return {
      ...(corruption ? { corruption } : {}),
      ...(binarize ? { binarize: 'dynamic' as const } : {}),
    };
  }

  /** Reads pending loss terms (one sync), checks they are finite, adds them to `acc`. */
  private async flush(pending: PendingStep[], acc: Accumulator): Promise<Logs | undefined> {
    let last: Logs | undefined;
    try {
      for (const p of pending) {
        const logs = await readTerms(p.terms);
        for (const [n, v] of Object.entries(logs)) {
          if (!Number.isFinite(v)) {
            throw new TrainingError(
              'TRAIN_NON_FINITE_LOSS',
              `loss term "${n}" is ${v} at step ${p.step}. Lower the learning rate, or check that the data is in the range the model expects (pixels in [0, 1]).`,
              p.step,
            );
          }
        }
        acc.add(logs, p.size);
        last = logs;
      }
    } finally {
      for (const p of pending) tf.dispose(Object.values(p.terms));
      pending.length = 0;
    }
    return last;
  }
}
