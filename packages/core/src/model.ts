/**
 * The model contract: what a training loop, an evaluation helper or an app may ask of any
 * autoencoder. `@ae/vae` implements it for every family; a user's own model implements
 * {@link TrainableModel} (or all of {@link AutoencoderModel}) to use `@ae/trainer` and
 * `@ae/evaluation`.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { ModelStore } from './model-store.js';

/** One batch as a model sees it. */
export interface ModelBatch {
  /**
   * Examples, `[batch, height, width, channels]` (or `[batch, ...inputShape]`): the
   * reconstruction target (values in [0, 1] for a Bernoulli likelihood).
   */
  x: tf.Tensor;
  /**
   * A corrupted copy of `x` to encode instead of `x` (denoising). Models encode
   * `input ?? x` and always reconstruct `x`.
   */
  input?: tf.Tensor;
  /** Integer class labels `[batch]`, for conditional models. */
  labels?: tf.Tensor;
}

/**
 * The named parts of a model's loss for one batch. `total` is what is minimized;
 * every other entry (e.g. `reconstruction`, `kl`) is a part that trainers log.
 * All are scalars averaged over the batch; the caller owns them.
 */
export type LossTerms = { total: tf.Scalar } & Record<string, tf.Scalar>;

/** Options of {@link TrainableModel.lossTerms}. */
export interface LossTermsOptions {
  /** True during training steps (dropout, batch-norm statistics, fresh noise). */
  training: boolean;
  /**
   * Number of optimizer steps taken before this one (0 for the first), for loss
   * weights that follow a schedule (KL warm-up, capacity increase). Default 0.
   */
  step?: number;
  /**
   * Multipliers of named terms inside `total`, e.g. `{ kl: 0.3 }` during a KL warm-up; each
   * family documents the names it accepts and refuses others. Default 1 for every term.
   * The logged terms stay unweighted.
   */
  weights?: Readonly<Record<string, number>>;
}

/**
 * What a training loop needs of a model, and nothing more: every family of `@ae/vae` fits,
 * and so does any object of the user's with these members.
 */
export interface TrainableModel {
  /**
   * The loss of one batch: `total` is minimized; every other scalar (e.g.
   * `reconstruction`, `kl`) is logged under its own name. Scalars are batch means.
   * The caller owns the returned scalars.
   */
  lossTerms(batch: ModelBatch, options: LossTermsOptions): LossTerms;
  /** The variables a training step updates. */
  readonly trainableVariables: tf.Variable[];
  /**
   * Optional: the model's own random state (reparameterization noise, code restarts), plain
   * JSON, saved with a training checkpoint so that a resumed run draws what an
   * uninterrupted one would.
   */
  getRandomState?(): unknown;
  /** Optional: restores a state returned by {@link TrainableModel.getRandomState}. */
  setRandomState?(state: unknown): void;
}

/** Labels for conditional models; ignored by the others. */
export interface ConditionOptions {
  /** Integer class labels `[batch]` (required by conditional models). */
  labels?: tf.Tensor;
}

/** Options of {@link SamplingModel.sample} and {@link AutoencoderModel.interpolate}. */
export interface SampleOptions {
  /** Seed of the draws; default: the model's own generator. */
  seed?: number;
  /** Class of every sample, for conditional models (required there, refused elsewhere). */
  label?: number;
}

/** What `save` records beside the networks. */
export interface SaveExtra {
  /** The data the model was trained on. */
  dataset?: { name: string; shape: readonly number[]; classNames?: readonly string[] };
}

/**
 * What every model of `@ae/vae` offers: the training contract plus encoding, decoding,
 * saving. Capabilities beyond it (sampling, an ELBO, a codebook) are separate interfaces
 * with guards in `capabilities.ts`; ask for those, never for a family name.
 */
export interface AutoencoderModel extends TrainableModel {
  /** Family name as stored in `ae.json`, e.g. `'vae'`. */
  readonly family: string;
  /** Shape of one example, `[height, width, channels]` (or `[features]`). */
  readonly inputShape: readonly number[];
  /**
   * Dimension of the latent code as `encode` returns it (flattened: a 7×7×16 feature
   * map counts as 784).
   */
  readonly latentDim: number;
  /** Number of classes of a conditional model; absent (or 0) otherwise. */
  readonly numClasses?: number;
  /**
   * Latent codes `[batch, latentDim]` of `x` (for variational models, the posterior mean;
   * for VQ-VAEs, the quantized code). Caller owns.
   */
  encode(x: tf.Tensor, options?: ConditionOptions): tf.Tensor2D;
  /** Decoded examples `[batch, ...inputShape]` (in [0, 1] for a Bernoulli likelihood). Caller owns. */
  decode(z: tf.Tensor, options?: ConditionOptions): tf.Tensor;
  /** `decode(encode(x))`. Caller owns. */
  reconstruct(x: tf.Tensor, options?: ConditionOptions): tf.Tensor;
  /**
   * Decodes `steps` points on the line between the codes of examples `a` and `b`
   * (`[...inputShape]` or `[1, ...inputShape]`), ends included. Caller owns.
   */
  interpolate(a: tf.Tensor, b: tf.Tensor, steps: number, options?: SampleOptions): tf.Tensor;
  /**
   * Writes the networks and `ae.json` into a store, or (a string) a directory in Node
   * or an `indexeddb://` / `localstorage://` URL in a browser.
   */
  save(store: ModelStore | string, extra?: SaveExtra): Promise<void>;
  /**
   * Decoded draws from the model's prior, `[n, ...inputShape]`; `label` picks the class of
   * conditional models. Present only on models that have a prior now (see `canSample`).
   * Caller owns.
   */
  sample?(n: number, options?: SampleOptions): tf.Tensor;
  /** Frees the model's weights. */
  dispose(): void;
  getRandomState(): unknown;
  setRandomState(state: unknown): void;
}
