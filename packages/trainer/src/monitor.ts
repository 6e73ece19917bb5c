/**
 * The monitored metric of a run: the best epoch so far (for best-model keeping) and the
 * epochs since it improved (for early stopping).
 */
import type { EpochLogs } from './callbacks.js';
import { checkNumber, TrainingError } from './training-error.js';

/** Early stopping: stop when the monitored metric has not improved for `patience` epochs. */
export interface EarlyStoppingOptions {
  /** Epochs without improvement to wait before stopping; an integer ≥ 1. */
  patience: number;
  /** A change smaller than this is no improvement; default 0. */
  minDelta?: number;
}

/** The best epoch of the monitored metric. */
export interface BestEpoch {
  /** Name of the metric, e.g. `'val_total'`. */
  metric: string;
  /** 1-based epoch where it was lowest. */
  epoch: number;
  /** Its value there. */
  value: number;
}

/** Tracks the lowest value of one metric over epochs. */
export class Monitor {
  best: BestEpoch | undefined;
  /** Epochs since the last improvement. */
  wait = 0;

  constructor(
    readonly metric: string,
    readonly earlyStopping: EarlyStoppingOptions | undefined,
  ) {
    if (earlyStopping) {
      checkNumber('Trainer', 'earlyStopping.patience', earlyStopping.patience, 'positive-integer');
    }
    checkNumber('Trainer', 'earlyStopping.minDelta', earlyStopping?.minDelta ?? 0, 'non-negative');
  }

  /** Records an epoch; returns true when early stopping says stop. */
  update(logs: EpochLogs): boolean {
    const value = logs[this.metric];
    if (value === undefined) {
      const names = Object.keys(logs).filter((k) => !['epoch', 'step'].includes(k));
      throw new TrainingError(
        'TRAIN_BAD_OPTION',
        `monitor: no metric "${this.metric}" in the epoch logs; choose one of ${names.join(', ')}.`,
      );
    }
    if (!Number.isFinite(value)) {
      throw new TrainingError(
        'TRAIN_NON_FINITE_LOSS',
        `monitor: metric "${this.metric}" is ${value} at epoch ${logs.epoch}; a non-finite value cannot be the best epoch. Lower the learning rate.`,
        logs.step,
      );
    }
    const minDelta = this.earlyStopping?.minDelta ?? 0;
    if (this.best === undefined || value < this.best.value - minDelta) {
      this.best = { metric: this.metric, epoch: logs.epoch, value };
      this.wait = 0;
    } else {
      this.wait += 1;
    }
    return this.earlyStopping !== undefined && this.wait >= this.earlyStopping.patience;
  }
}
