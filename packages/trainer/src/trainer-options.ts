/** The options of a {@link Trainer} and their checks. */
import type { Corruption } from '@ae/datasets';
import type { Schedule } from '@ae/losses';
import type { TrainerCallback } from './callbacks.js';
import type { EarlyStoppingOptions } from './monitor.js';
import { OPTIMIZERS, type OptimizerName } from './optimizers.js';
import type { Trainer } from './trainer.js';
import { checkNumber, TrainingError } from './training-error.js';

/** Options of a {@link Trainer}. */
export interface TrainerOptions {
  /** Passes over the training set (in all, counting epochs before a resume). */
  epochs: number;
  /** Examples per optimizer step; default 128. */
  batchSize?: number;
  /** Optimizer; default `'adam'`. */
  optimizer?: OptimizerName;
  /**
   * Learning rate, or a schedule of the 0-based step (e.g. `cosineDecay(…)`); default 1e-3.
   */
  learningRate?: number | Schedule;
  /**
   * Schedules of loss-term weights by term name, fed by the step, e.g.
   * `{ kl: linearWarmup({ steps: 2000 }) }` (KL warm-up) or `cyclicalAnnealing(…)`. The
   * model multiplies each named term inside `total` by the value (see its docs for the
   * names it accepts). Logged terms stay unweighted; the weights are logged as `weight_<name>`.
   */
  lossWeights?: Record<string, Schedule>;
  /** Seed of the shuffling order and of the data noise; default 0. */
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
  /**
   * The epoch-log metric whose lowest value marks the best epoch (best-model keeping,
   * early stopping); default `'val_total'` when there is validation data, else `'total'`.
   */
  monitor?: string;
  /** Stop when `monitor` has not improved for `patience` epochs; default: never. */
  earlyStopping?: EarlyStoppingOptions;
}

/** Options with their defaults filled in. */
export type ResolvedOptions = Required<
  Omit<
    TrainerOptions,
    'callbacks' | 'corruption' | 'learningRate' | 'lossWeights' | 'monitor' | 'earlyStopping'
  >
> &
  Pick<TrainerOptions, 'corruption' | 'monitor' | 'earlyStopping'> & {
    callbacks: TrainerCallback[];
    learningRate: number | Schedule;
    lossWeights: Record<string, Schedule>;
  };

/** Checks the options, naming the option and the value in errors. */
export function checkOptions(o: ResolvedOptions): void {
  checkNumber('Trainer', 'epochs', o.epochs, 'positive-integer');
  checkNumber('Trainer', 'batchSize', o.batchSize, 'positive-integer');
  checkNumber('Trainer', 'logEvery', o.logEvery, 'positive-integer');
  checkNumber('Trainer', 'seed', o.seed, 'integer');
  const bad = (what: string) => {
    throw new TrainingError('TRAIN_BAD_OPTION', what);
  };
  if (typeof o.yieldEvery !== 'number' || !(o.yieldEvery >= 0)) {
    bad(`yieldEvery must be a number of milliseconds ≥ 0, got ${JSON.stringify(o.yieldEvery)}.`);
  }
  if (!OPTIMIZERS.includes(o.optimizer)) {
    bad(`optimizer must be one of ${OPTIMIZERS.join(', ')}, got ${JSON.stringify(o.optimizer)}.`);
  }
  for (const [name, s] of Object.entries(o.lossWeights)) {
    if (typeof s !== 'function') {
      bad(`lossWeights.${name} must be a schedule (step) => weight, got ${JSON.stringify(s)}.`);
    }
  }
}
