import type * as tf from '@tensorflow/tfjs-core';

/** A batch as the trainer hands it to a model. */
export interface TrainingBatch {
  /** Examples, `[batch, ...shape]`: the reconstruction target. */
  x: tf.Tensor;
  /** A corrupted copy of `x` to encode (denoising), when the trainer has a `corruption`. */
  input?: tf.Tensor;
  /** Integer labels `[batch]`, when the data set has them. */
  labels?: tf.Tensor;
}

/** What the trainer passes to {@link TrainableModel.lossTerms}. */
export interface LossTermsContext {
  /** True for training steps, false for evaluation. */
  training: boolean;
  /** Optimizer steps taken before this one (0 first), for scheduled loss weights. */
  step?: number;
  /**
   * Multipliers of named terms inside `total` at this step, from the trainer's
   * `lossWeights` schedules (e.g. `{ kl: 0.25 }` during a KL warm-up). Absent when none.
   */
  weights?: Record<string, number>;
}

/**
 * What the trainer needs of a model, and nothing more: every model family of
 * `@ae/vae` fits, and so does any object of the user's with these members.
 */
export interface TrainableModel {
  /**
   * The loss of one batch: `total` is minimized; every other scalar (e.g.
   * `reconstruction`, `kl`) is logged under its own name. Scalars are batch means.
   */
  lossTerms(
    batch: TrainingBatch,
    options: LossTermsContext,
  ): { total: tf.Scalar } & Record<string, tf.Scalar>;
  /** The variables the optimizer updates. */
  readonly trainableVariables: tf.Variable[];
  /**
   * Optional: the model's own random state (e.g. its noise generator), saved with trainer
   * state so a resumed run draws what an uninterrupted one would. Plain JSON.
   */
  getRandomState?(): unknown;
  /** Optional: restores a state from `getRandomState()`. */
  setRandomState?(state: unknown): void;
}
