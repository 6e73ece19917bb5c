export type { LossTerms, LossTermsOptions, ModelBatch, TrainableModel } from '@ae/core';
export type {
  BatchInfo,
  EpochLogs,
  Logs,
  TrainBeginInfo,
  TrainerCallback,
} from './callbacks.js';
export {
  type CosineDecayOptions,
  cosineDecay,
  type ExponentialDecayOptions,
  exponentialDecay,
} from './lr-schedules.js';
export type { BestEpoch, EarlyStoppingOptions } from './monitor.js';
export { createOptimizer, OPTIMIZERS, type OptimizerName } from './optimizers.js';
export { Trainer, type TrainerOptions, type TrainResult } from './trainer.js';
export {
  parseTrainerState,
  TRAINER_STATE_VERSION,
  type TrainerSnapshot,
  type TrainerState,
} from './trainer-state.js';
export { TrainingError, type TrainingErrorCode } from './training-error.js';
