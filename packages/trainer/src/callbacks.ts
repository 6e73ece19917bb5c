import type { Trainer } from './trainer.js';

/** Loss terms and other numbers by name, e.g. `{ total: 182.3, kl: 24.1 }`. */
export type Logs = Record<string, number>;

/** Passed to `onTrainBegin`. */
export interface TrainBeginInfo {
  /** Epochs that will run. */
  epochs: number;
  /** Optimizer steps per epoch. */
  batchesPerEpoch: number;
  /** Examples per epoch. */
  examplesPerEpoch: number;
  /** Epochs already done before this `fit` (restored from a checkpoint), else 0. */
  initialEpoch: number;
  /** The trainer, for callbacks that save its state (checkpoints). */
  trainer: Trainer;
}

/** Passed to `onBatchEnd`. */
export interface BatchInfo {
  /** 1-based epoch. */
  epoch: number;
  /** 0-based batch index within the epoch. */
  batch: number;
  /** Optimizer steps taken so far in the whole run, this one included. */
  step: number;
  /** Examples in this batch. */
  size: number;
}

/** Logs of one finished epoch: train means, `val_`-prefixed validation means, and timing. */
export interface EpochLogs extends Logs {
  /** 1-based epoch. */
  epoch: number;
  /** Optimizer steps taken so far. */
  step: number;
  /** Wall time of the epoch's training steps, in seconds. */
  seconds: number;
  /** Training examples per second in this epoch. */
  samplesPerSecond: number;
}

/**
 * Hooks called during `Trainer.fit`, named as in tfjs. Each may be async; the
 * trainer awaits it. Progress bars, metric files and checkpoints are callbacks.
 */
export interface TrainerCallback {
  onTrainBegin?(info: TrainBeginInfo): void | Promise<void>;
  onEpochBegin?(epoch: number): void | Promise<void>;
  /**
   * After each optimizer step. `logs` holds the batch's loss terms when the trainer
   * read them at this step (every `logEvery` steps), and is `undefined` otherwise.
   */
  onBatchEnd?(info: BatchInfo, logs: Logs | undefined): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: EpochLogs): void | Promise<void>;
  onTrainEnd?(history: EpochLogs[]): void | Promise<void>;
}
