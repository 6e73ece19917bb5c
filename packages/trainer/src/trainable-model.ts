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

/**
 * What the trainer needs of a model, and nothing more: every model family of
 * `@ae/vae` fits, and so does any object of the user's with these two members.
 */
export interface TrainableModel {
  /**
   * The loss of one batch: `total` is minimized; every other scalar (e.g.
   * `reconstruction`, `kl`) is logged under its own name. Scalars are batch means.
   */
  lossTerms(
    batch: TrainingBatch,
    options: {
      /** True for training steps, false for evaluation. */
      training: boolean;
      /** Optimizer steps taken before this one (0 first), for scheduled loss weights. */
      step?: number;
    },
  ): { total: tf.Scalar } & Record<string, tf.Scalar>;
  /** The variables the optimizer updates. */
  readonly trainableVariables: tf.Variable[];
}
