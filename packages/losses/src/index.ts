/**
 * `@ae/losses`: loss functions for autoencoders and VAEs on `@tensorflow/tfjs-core`.
 *
 * Every tensor function is pure, runs inside `tf.tidy`, never disposes its inputs, and
 * returns a tensor the caller owns. Schedules are plain functions of the step returning
 * numbers.
 */
export { type BetaKlOptions, betaKl } from './beta-kl.js';
export {
  BCE_WITH_LOGITS_KERNEL,
  type BinaryCrossEntropyOptions,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
} from './binary-cross-entropy.js';
export { type CapacityKlOptions, type CapacityKlReduction, capacityKl } from './capacity-kl.js';
export { type GaussianNllOptions, gaussianNll } from './gaussian-nll.js';
export { importanceWeightedLogLikelihood } from './importance-weighted.js';
export { klDiagonalGaussians } from './kl-diagonal-gaussians.js';
export { klStandardNormal } from './kl-divergence.js';
export {
  type KlSparsityPenaltyOptions,
  klSparsityPenalty,
  type SparsityReduction,
} from './kl-sparsity-penalty.js';
export { type L1ActivityPenaltyOptions, l1ActivityPenalty } from './l1-activity-penalty.js';
export { type LaplaceNllOptions, laplaceNll } from './laplace-nll.js';
export { type LogMeanExpOptions, logMeanExp } from './log-mean-exp.js';
export { LossError, type LossErrorCode } from './loss-error.js';
export type { LossFunction, LossOptions } from './loss-function.js';
export { meanAbsoluteError } from './mean-absolute-error.js';
export { meanSquaredError } from './mean-squared-error.js';
export { isReduction, REDUCTIONS, type Reduction, reduce } from './reduction.js';
export {
  type CyclicalAnnealingOptions,
  constantSchedule,
  cyclicalAnnealing,
  type LinearCapacityOptions,
  type LinearWarmupOptions,
  linearCapacity,
  linearWarmup,
  type Schedule,
} from './schedule.js';
