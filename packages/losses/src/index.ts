/**
 * `@ae/losses`: loss functions for autoencoders and VAEs on `@tensorflow/tfjs-core`.
 *
 * Every function is pure, runs inside `tf.tidy`, never disposes its inputs, and returns a
 * tensor the caller owns.
 */
export {
  type BinaryCrossEntropyOptions,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
} from './binary-cross-entropy.js';
export { klStandardNormal } from './kl-divergence.js';
export { LossError, type LossErrorCode } from './loss-error.js';
export type { LossFunction, LossOptions } from './loss-function.js';
export { meanSquaredError } from './mean-squared-error.js';
export { isReduction, REDUCTIONS, type Reduction, reduce } from './reduction.js';
