import type * as tf from '@tensorflow/tfjs-core';
import type { ModelStore } from './model-store.js';

/** One batch as a model sees it. */
export interface ModelBatch {
  /** Examples, `[batch, height, width, channels]`, values in [0, 1]. */
  x: tf.Tensor;
  /** Integer class labels `[batch]`, for conditional models. */
  labels?: tf.Tensor;
}

/**
 * The named parts of a model's loss for one batch. `total` is what is minimized;
 * every other entry (e.g. `reconstruction`, `kl`) is a part that trainers log.
 * All are scalars averaged over the batch; the caller owns them.
 */
export type LossTerms = { total: tf.Scalar } & Record<string, tf.Scalar>;

/** Options of {@link AutoencoderModel.lossTerms}. */
export interface LossTermsOptions {
  /** True during training steps (dropout, batch-norm statistics, fresh noise). */
  training: boolean;
}

/**
 * What every model of this package offers. Trainers see only `lossTerms` and
 * `trainableVariables`; apps use the rest.
 */
export interface AutoencoderModel {
  /** Family name as stored in `ae.json`, e.g. `'vae'`. */
  readonly family: string;
  /** Shape of one example, `[height, width, channels]`. */
  readonly inputShape: readonly number[];
  /** Dimension of the latent code. */
  readonly latentDim: number;
  /** The variables a training step updates. */
  readonly trainableVariables: tf.Variable[];
  /** The loss of one batch and its named parts. The caller owns the returned scalars. */
  lossTerms(batch: ModelBatch, options: LossTermsOptions): LossTerms;
  /** Latent codes `[batch, latentDim]` of `x` (for variational models, the posterior mean). Caller owns. */
  encode(x: tf.Tensor): tf.Tensor2D;
  /** Decoded examples `[batch, ...inputShape]` in [0, 1] for codes `z`. Caller owns. */
  decode(z: tf.Tensor): tf.Tensor;
  /** `decode(encode(x))`. Caller owns. */
  reconstruct(x: tf.Tensor): tf.Tensor;
  /** Writes the networks and `ae.json` into a store. */
  save(
    store: ModelStore,
    extra?: { dataset?: { name: string; shape: readonly number[] } },
  ): Promise<void>;
  /** Frees the model's weights. */
  dispose(): void;
}
