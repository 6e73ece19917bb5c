import { createAdam } from '@ae/backend';
import * as tf from '@tensorflow/tfjs-core';
import { checkNumber, TrainingError } from './training-error.js';

/** Optimizers the trainer can build by name. */
export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';

/** Every accepted {@link OptimizerName}. */
export const OPTIMIZERS: readonly OptimizerName[] = ['adam', 'sgd', 'rmsprop'];

/** Builds a tfjs optimizer by name with tfjs's defaults for everything but the learning rate. */
export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  checkNumber('createOptimizer', 'learningRate', learningRate, 'positive');
  switch (name) {
    case 'adam':
      // tfjs's Adam; one kernel per variable where the native kernels run (same bits, subnormal moments flushed to 0).
      return createAdam(learningRate);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
    default:
      throw new TrainingError(
        'TRAIN_BAD_OPTION',
        `optimizer must be one of ${OPTIMIZERS.join(', ')}, got ${JSON.stringify(name)}.`,
      );
  }
}

/** Sets an optimizer's learning rate: SGD keeps it as a tensor, the others as a number. */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  if (!Number.isFinite(lr) || lr <= 0) {
    throw new TrainingError(
      'TRAIN_BAD_OPTION',
      `the learning-rate schedule gave ${lr}; it must give finite numbers > 0.`,
    );
  }
  const o = optimizer as unknown as { setLearningRate?(v: number): void; learningRate: number };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}
