export type {
  BatchInfo,
  EpochLogs,
  Logs,
  TrainBeginInfo,
  TrainerCallback,
} from './callbacks.js';
export { createOptimizer, OPTIMIZERS, type OptimizerName } from './optimizers.js';
export type { TrainableModel, TrainingBatch } from './trainable-model.js';
export { Trainer, type TrainerOptions, type TrainResult } from './trainer.js';
export { TrainingError, type TrainingErrorCode } from './training-error.js';
