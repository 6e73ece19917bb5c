/**
 * What a model can do beyond the {@link AutoencoderModel} contract, as interfaces with a
 * guard each. Apps and evaluation helpers ask `canSample(model)` or `hasCodebook(model)`,
 * never for a family name, so a user's own model with the same members is treated alike.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { AutoencoderModel, SampleOptions } from './model.js';

/** A model with a prior to draw from now. */
export interface SamplingModel {
  /** Decoded draws `[n, ...inputShape]` from the prior. Caller owns. */
  sample(n: number, options?: SampleOptions): tf.Tensor;
}

/** Options of the likelihood estimates of {@link ElboModel} and {@link LikelihoodModel}. */
export interface EstimateOptions {
  /** Integer class labels `[batch]` (required by conditional models, ignored by others). */
  labels?: tf.Tensor;
  /**
   * Number K of posterior samples z_k ~ q(z | x) per example. Default 100 for
   * `logLikelihood`, 1 for `elbo`.
   */
  samples?: number;
  /**
   * Largest number of decoder rows (example × sample pairs) run at once; K is split into
   * chunks of ⌊batchSize / batch⌋ samples (at least one) to bound memory. Default 512.
   * The result does not depend on it.
   */
  batchSize?: number;
  /** Seed of the samples; default: a seed drawn from the model's generator. */
  seed?: number;
}

/** A model with a variational posterior: an evidence lower bound per example. */
export interface ElboModel {
  /** The ELBO per example, `[batch]` in nats. Caller owns. */
  elbo(x: tf.Tensor, options?: EstimateOptions): tf.Tensor1D;
}

/** A model with an importance-weighted estimate of log p(x). */
export interface LikelihoodModel {
  /** log p(x) per example, `[batch]` in nats (Burda et al. 2016). Caller owns. */
  logLikelihood(x: tf.Tensor, options?: EstimateOptions): tf.Tensor1D;
}

/** A model whose codes are entries of a codebook (vector quantization). */
export interface CodebookModel {
  /** Size K of the codebook. */
  readonly numCodes: number;
  /** Nearest-code indices of `x`, int32 `[batch, ...positions]`. Caller owns. */
  codeIndices(x: tf.Tensor): tf.Tensor;
}

/**
 * A model whose prior is fitted after training (e.g. a categorical prior over a VQ-VAE's
 * codes). It gains `sample` once `fitPrior` has run or a fitted prior was loaded.
 */
export interface PriorFittingModel {
  /** Counts the codes of `data` (tensor or iterable of batches) into a prior. */
  fitPrior(data: tf.Tensor | Iterable<unknown> | AsyncIterable<unknown>): Promise<unknown>;
}

const method = (model: unknown, name: string): boolean =>
  typeof (model as Record<string, unknown> | null | undefined)?.[name] === 'function';

/** True when `model` can draw from a prior now (`sample` exists). */
export function canSample<M>(model: M): model is M & SamplingModel {
  return method(model, 'sample');
}

/** True when `model` has an ELBO (a variational posterior). */
export function hasElbo<M>(model: M): model is M & ElboModel {
  return method(model, 'elbo');
}

/** True when `model` has an importance-weighted log-likelihood. */
export function hasLogLikelihood<M>(model: M): model is M & LikelihoodModel {
  return method(model, 'logLikelihood');
}

/** True when `model`'s codes are entries of a codebook. */
export function hasCodebook<M>(model: M): model is M & CodebookModel {
  const n = (model as Partial<CodebookModel> | null | undefined)?.numCodes;
  return method(model, 'codeIndices') && typeof n === 'number' && Number.isInteger(n) && n > 0;
}

/** True when `model` fits a prior after training (then gains `sample`). */
export function canFitPrior<M>(model: M): model is M & PriorFittingModel {
  return method(model, 'fitPrior');
}

/** True when `model` is conditional: it takes class labels (`numClasses` > 0). */
export function isConditional(model: Pick<AutoencoderModel, 'numClasses'>): boolean {
  return (model.numClasses ?? 0) > 0;
}
