import { createRng, type Rng } from '@ae/backend';
import type { TrainableModel } from '@ae/core';
import { type Batch, batchCount, batches, type Corruption, type Dataset } from '@ae/datasets';
import type { Schedule } from '@ae/losses';
import * as tf from '@tensorflow/tfjs-core';
import type { EpochLogs, Logs, TrainerCallback } from './callbacks.js';
import { Accumulator, readTerms } from './loss-readout.js';
import { type BestEpoch, Monitor } from './monitor.js';
import { nextTask } from './next-task.js';
import { createOptimizer, setLearningRate } from './optimizers.js';
import { checkOptions, type ResolvedOptions, type TrainerOptions } from './trainer-options.js';
import {
  decodeOptimizer,
  encodeOptimizer,
  TRAINER_STATE_VERSION,
  type TrainerSnapshot,
} from './trainer-state.js';
import { TrainingError } from './training-error.js';

export type { TrainerOptions } from './trainer-options.js';

/**
 * Throws `TRAIN_NON_FINITE_LOSS` when a validation term is NaN or ±Infinity: such an epoch
 * must neither be logged as `null` (JSON has no Infinity) nor become the best one.
 */
function checkValidation(validation: Logs, epoch: number, step: number, name: string): void {
  for (const [n, v] of Object.entries(validation)) {
    if (!Number.isFinite(v)) {
      throw new TrainingError(
        'TRAIN_NON_FINITE_LOSS',
        `validation loss term "${n}" is ${v} on "${name}" after epoch ${epoch} (step ${step}). Lower the learning rate, or check that the validation data is in the range the model expects (pixels in [0, 1]).`,
        step,
      );
    }
  }
}

/**
 * Throws `TRAIN_BAD_DATA` when the examples of `data` hold NaN or ±Infinity (one pass over the
 * typed array before training, so that no training step has to read its batch back).
 */
function checkData(data: Dataset, role: string): void {
  const x = data.x;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (v - v !== 0) {
      const size = x.length / Math.max(1, data.count);
      const example = Math.floor(i / size);
      throw new TrainingError(
        'TRAIN_BAD_DATA',
        `the ${role} "${data.name}" holds ${v} at example ${example} (value ${i - example * size} of ${size}); every value must be a finite number. Fix or leave out that example.`,
      );
    }
  }
}

/** What {@link Trainer.fit} returns. */
export interface TrainResult {
  /** Logs of every finished epoch (those before a resume included). */
  history: EpochLogs[];
  /** Optimizer steps taken in all. */
  steps: number;
  /** True when `stop()` or early stopping ended training before `epochs`. */
  stopped: boolean;
  /** True when early stopping ended training. */
  stoppedEarly: boolean;
  /** The best epoch of the monitored metric. */
  best: BestEpoch | undefined;
}

interface PendingStep {
  step: number;
  size: number;
  terms: Record<string, tf.Scalar>;
}

/**
 * Trains any {@link TrainableModel} with `optimizer.minimize`: it logs every loss
 * term the model names, validates each epoch, follows learning-rate and loss-weight
 * schedules, tracks the best epoch, stops early when asked, and calls the callbacks.
 * Its whole state (`exportState` / `importState`) resumes a run exactly. It never looks
 * at what kind of model it trains.
 *
 * @example
 * const trainer = new Trainer(vae, { epochs: 5, batchSize: 128, seed: 1 });
 * const { history } = await trainer.fit(train, { validation: test });
 */
export class Trainer {
  readonly options: ResolvedOptions;
  readonly optimizer: tf.Optimizer;
  /** The generator of the shuffling order and data noise. */
  readonly rng: Rng;
  private stopRequested = false;
  private epochsDone = 0;
  private stepsDone = 0;
  private history: EpochLogs[] = [];
  private monitor: Monitor | undefined;
  private restoredBest: { best: BestEpoch | undefined; wait: number } | undefined;

  constructor(
    readonly model: TrainableModel,
    options: TrainerOptions,
  ) {
    const o: ResolvedOptions = {
      batchSize: 128,
      optimizer: 'adam',
      learningRate: 1e-3,
      seed: 0,
      shuffle: true,
      logEvery: 1,
      yieldEvery: 50,
      callbacks: [],
      binarize: false,
      ...options,
      lossWeights: options.lossWeights ?? {},
    };
    checkOptions(o);
    this.options = o;
    const lr = o.learningRate;
    this.optimizer = createOptimizer(o.optimizer, typeof lr === 'function' ? lr(0) : lr);
    this.rng = createRng(o.seed);
  }

  /** Asks training to stop after the current step. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Epochs finished so far (restored ones included). */
  get epoch(): number {
    return this.epochsDone;
  }

  /** Optimizer steps taken so far (restored ones included). */
  get step(): number {
    return this.stepsDone;
  }

  /** The best epoch of the monitored metric so far. */
  get best(): BestEpoch | undefined {
    return this.monitor?.best;
  }

  /**
   * Trains until `options.epochs` epochs are done (continuing after the restored epoch
   * when `importState` was called), validating on `validation` after each.
   */
  async fit(train: Dataset, options: { validation?: Dataset } = {}): Promise<TrainResult> {
    const { epochs, batchSize, logEvery, callbacks, shuffle } = this.options;
    if (train.count === 0) {
      throw new TrainingError(
        'TRAIN_EMPTY_DATASET',
        `the training set "${train.name}" has no examples.`,
      );
    }
    checkData(train, 'training set');
    if (options.validation) checkData(options.validation, 'validation set');
    const call = async <K extends keyof TrainerCallback>(
      hook: K,
      ...args: Parameters<NonNullable<TrainerCallback[K]>>
    ): Promise<void> => {
      for (const cb of callbacks) {
        // biome-ignore lint/suspicious/noExplicitAny: hooks are called with their own parameter list.
        await (cb[hook] as ((...a: any[]) => unknown) | undefined)?.apply(cb, args);
      }
    };
    const monitor = this.monitorFor(options.validation !== undefined);

    this.stopRequested = false;
    let stoppedEarly = false;
    const batchesPerEpoch = batchCount(train, batchSize);
    let lastYield = performance.now();
    await call('onTrainBegin', {
      epochs,
      batchesPerEpoch,
      examplesPerEpoch: train.count,
      initialEpoch: this.epochsDone,
      trainer: this,
    });

    while (this.epochsDone < epochs && !this.stopRequested && !stoppedEarly) {
      const epoch = this.epochsDone + 1;
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
        const terms = this.trainStep(batch, this.stepsDone);
        this.stepsDone += 1;
        pending.push({ step: this.stepsDone, size: batch.size, terms });
        seen += batch.size;
        let logs: Logs | undefined;
        if (pending.length >= logEvery) logs = await this.flush(pending, acc);
        const info = { epoch, batch: batchIndex, step: this.stepsDone, size: batch.size };
        await call('onBatchEnd', info, logs);
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
      checkValidation(validation, epoch, this.stepsDone, options.validation?.name ?? '');
      const logs: EpochLogs = {
        epoch,
        step: this.stepsDone,
        ...acc.means(),
        ...Object.fromEntries(Object.entries(validation).map(([k, v]) => [`val_${k}`, v])),
        ...this.scheduleLogs(),
        seconds,
        samplesPerSecond: seen / seconds,
      };
      this.epochsDone = epoch;
      this.history.push(logs);
      stoppedEarly = monitor.update(logs);
      await call('onEpochEnd', epoch, logs);
    }
    await call('onTrainEnd', this.history);
    return {
      history: [...this.history],
      steps: this.stepsDone,
      stopped: this.stopRequested || stoppedEarly,
      stoppedEarly,
      best: monitor.best,
    };
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

  /**
   * Everything needed to continue this run later: counters, generators (the model's too,
   * when it has `getRandomState`), history, the monitored best and the optimizer's slots.
   * Call between epochs (e.g. in `onEpochEnd`). Save the model's weights beside it.
   */
  async exportState(): Promise<TrainerSnapshot> {
    const { optimizer, optimizerWeights } = await encodeOptimizer(
      this.options.optimizer,
      this.optimizer,
    );
    const modelRandomState = this.model.getRandomState?.();
    const best = this.monitor?.best;
    return {
      state: {
        format: 'ae-trainer-state',
        version: TRAINER_STATE_VERSION,
        epoch: this.epochsDone,
        step: this.stepsDone,
        rng: this.rng.getState(),
        ...(modelRandomState !== undefined ? { modelRandomState } : {}),
        history: this.history.map((h) => ({ ...h })),
        ...(best ? { best: { ...best } } : {}),
        wait: this.monitor?.wait ?? 0,
        optimizer,
      },
      optimizerWeights,
    };
  }

  /**
   * Restores a state from {@link exportState} into this trainer (built with the same
   * options around the model restored from the same checkpoint); the next `fit` goes on
   * from the epoch after the saved one.
   */
  async importState(snapshot: TrainerSnapshot): Promise<void> {
    const { state, optimizerWeights } = snapshot;
    await decodeOptimizer(
      this.optimizer,
      this.options.optimizer,
      state.optimizer,
      optimizerWeights,
    );
    this.rng.setState(state.rng);
    if (state.modelRandomState !== undefined) this.model.setRandomState?.(state.modelRandomState);
    this.epochsDone = state.epoch;
    this.stepsDone = state.step;
    this.history = state.history.map((h) => ({ ...h }));
    this.monitor = undefined;
    this.restoredBest = { best: state.best ? { ...state.best } : undefined, wait: state.wait };
  }

  /** The monitor of this run, made on the first `fit` (its metric depends on validation). */
  private monitorFor(hasValidation: boolean): Monitor {
    if (!this.monitor) {
      const metric = this.options.monitor ?? (hasValidation ? 'val_total' : 'total');
      this.monitor = new Monitor(metric, this.options.earlyStopping);
      const restored = this.restoredBest;
      if (restored?.best && restored.best.metric === metric) {
        this.monitor.best = restored.best;
        this.monitor.wait = restored.wait;
      }
    }
    return this.monitor;
  }

  /** `lr` and `weight_<name>` at the current step, when they follow schedules. */
  private scheduleLogs(): Logs {
    const out: Logs = {};
    const lr = this.options.learningRate;
    if (typeof lr === 'function') out.lr = lr(this.stepsDone);
    for (const [name, s] of Object.entries(this.options.lossWeights)) {
      out[`weight_${name}`] = s(this.stepsDone);
    }
    return out;
  }

  /** One optimizer step; returns the loss terms, which the caller owns. */
  private trainStep(batch: Batch, stepsBefore: number): Record<string, tf.Scalar> {
    const kept: Record<string, tf.Scalar> = {};
    const { learningRate, lossWeights } = this.options;
    if (typeof learningRate === 'function')
      setLearningRate(this.optimizer, learningRate(stepsBefore));
    const names = Object.keys(lossWeights);
    const weights = names.length
      ? Object.fromEntries(names.map((n) => [n, (lossWeights[n] as Schedule)(stepsBefore)]))
      : undefined;
    try {
      const total = this.optimizer.minimize(
        () => {
          const terms = this.model.lossTerms(batch, {
            training: true,
            step: stepsBefore,
            ...(weights ? { weights } : {}),
          });
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
