/**
 * What VAE and ConditionalVAE share: a diagonal Gaussian posterior q(z | x), a standard
 * normal prior, a Bernoulli or Gaussian likelihood, optionally conditioned on a label.
 */
import { createRng, type Rng } from '@ae/backend';
import type {
  AutoencoderModel,
  ConditionOptions,
  EstimateOptions,
  LossTerms,
  LossTermsOptions,
  ModelBatch,
  ModelStore,
  SampleOptions,
  SaveExtra,
} from '@ae/core';
import { capacityKl, klStandardNormal, linearCapacity, type Schedule } from '@ae/losses';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { termWeight } from './config-checks.js';
import { checkLabelOption, checkLabels, oneHotLabels } from './gaussian-labels.js';
import {
  buildGaussianNetworks,
  checkGaussianNetworks,
  type VAENetworks,
} from './gaussian-networks.js';
import { checkBatch, checkFinite, checkInput, interpolateCodes } from './interpolate.js';
import { gaussianIo } from './io-descriptions.js';
import {
  checkEstimateOptions,
  DEFAULT_ESTIMATE_BATCH_SIZE,
  elboEstimate,
  importanceWeightedEstimate,
  type LatentParts,
  reconstructionNll,
} from './log-likelihood.js';
import { ModelError } from './model-error.js';
import { saveModel } from './model-io.js';
import { type ModelRandomState, readRandomState, writeRandomState } from './random-state.js';
import type { VAEConfig } from './vae-config.js';

/** The posterior q(z | x) of a batch. The caller owns both tensors. */
export interface Posterior {
  /** Mean, `[batch, latentDim]`. */
  mean: tf.Tensor2D;
  /** Log-variance, `[batch, latentDim]`. */
  logVar: tf.Tensor2D;
}

const bad = (message: string): never => {
  throw new ModelError('MODEL_BAD_INPUT', message);
};

/**
 * The shared implementation of {@link VAE} and `ConditionalVAE`; not built directly.
 * `classes` is the number of label classes the networks take (undefined: no label).
 */
export abstract class GaussianLatentModel<C extends VAEConfig = VAEConfig>
  implements AutoencoderModel
{
  /** Family name in `ae.json`. */
  abstract readonly family: string;
  /** Resolved hyper-parameters. */
  readonly config: C;
  /** q(z | x): outputs `[mean, logVar]`. */
  readonly encoder: tfl.LayersModel;
  /** p(x | z): outputs logits (Bernoulli) or the mean (Gaussian). */
  readonly decoder: tfl.LayersModel;
  /** Source of the reparameterization noise and of default sampling seeds. */
  readonly rng: Rng;
  /** What messages start with, e.g. `'VAE'`. */
  protected readonly context: string;
  /** Label classes the networks take; undefined for an unconditional model. */
  protected readonly classes: number | undefined;
  private readonly capacity: Schedule | undefined;

  protected constructor(
    context: string,
    config: C,
    classes: number | undefined,
    networks?: VAENetworks,
  ) {
    this.context = context;
    this.config = config;
    this.classes = classes;
    const built = networks ?? buildGaussianNetworks(config, classes);
    try {
      checkGaussianNetworks(built, config, classes, context);
    } catch (error) {
      if (networks === undefined) {
        built.encoder.dispose();
        built.decoder.dispose();
      }
      throw error;
    }
    this.encoder = built.encoder;
    this.decoder = built.decoder;
    this.rng = createRng(config.seed);
    const cap = config.capacity;
    this.capacity = cap && linearCapacity({ to: cap.max, steps: cap.steps });
  }

  get inputShape(): readonly number[] {
    return this.config.inputShape;
  }

  get latentDim(): number {
    return this.config.latentDim;
  }

  get trainableVariables(): tf.Variable[] {
    return [...this.encoder.trainableWeights, ...this.decoder.trainableWeights].map(
      (w) => w.read() as tf.Variable,
    );
  }

  /** The one-hot labels, or undefined for an unconditional model. Caller owns. */
  private condition(labels: tf.Tensor | undefined): tf.Tensor | undefined {
    return oneHotLabels(this.classes, labels);
  }

  private posterior(x: tf.Tensor, cond: tf.Tensor | undefined, training: boolean) {
    const out = this.encoder.apply(cond ? [x, cond] : x, { training }) as tf.Tensor[];
    return [out[0], out[1]] as [tf.Tensor2D, tf.Tensor2D];
  }

  private decodeRaw(z: tf.Tensor, cond: tf.Tensor | undefined, training: boolean): tf.Tensor {
    return this.decoder.apply(cond ? [z, cond] : z, { training }) as tf.Tensor;
  }

  /** z = mean + exp(logVar / 2) · ε, ε ~ N(0, I): the reparameterization trick. */
  private reparameterize(mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor2D {
    const eps = tf.randomNormal(mean.shape, 0, 1, 'float32', this.rng.seed());
    return tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps));
  }

  /**
   * `{ total, reconstruction, kl }` (nats per example, batch means); with `capacity` also
   * `capacity`, the current C in nats, and `total = reconstruction + γ·|kl − C(step)|`.
   * Encodes `batch.input ?? batch.x`, reconstructs `batch.x`. The caller owns the scalars.
   */
  lossTerms(batch: ModelBatch, options: LossTermsOptions): LossTerms {
    const where = `${this.context}.lossTerms`;
    checkInput(where, this.inputShape, batch.x);
    const n = batch.x.shape[0] as number;
    if (batch.input !== undefined) {
      checkInput(`${where} (batch.input)`, this.inputShape, batch.input);
      if (batch.input.shape[0] !== n) {
        bad(`${where}: batch.input has ${batch.input.shape[0]} examples but batch.x has ${n}.`);
      }
    }
    checkLabels(where, 'batch.labels', this.classes, batch.labels, n);
    checkBatch(where, batch, options.training);
    const capacity = this.capacity?.(options.step ?? 0);
    const { likelihood, outputVariance } = this.config;
    const klWeight = termWeight(where, options.weights, ['kl'], 'kl');
    const beta = this.config.beta * klWeight;
    return tf.tidy((): LossTerms => {
      const cond = this.condition(batch.labels);
      const [mean, logVar] = this.posterior(batch.input ?? batch.x, cond, options.training);
      const z = this.reparameterize(mean, logVar);
      const out = this.decodeRaw(z, cond, options.training);
      const nll = reconstructionNll(batch.x, out, likelihood, outputVariance, 'batch-mean');
      const reconstruction = nll as tf.Scalar;
      const kl = klStandardNormal(mean, logVar, { reduction: 'batch-mean' }) as tf.Scalar;
      if (capacity === undefined || this.config.capacity === undefined) {
        return { total: tf.add(reconstruction, tf.mul(kl, beta)) as tf.Scalar, reconstruction, kl };
      }
      const gamma = this.config.capacity.gamma;
      const penalty = tf.mul(capacityKl(mean, logVar, { gamma, capacity }), klWeight);
      const total = tf.add(reconstruction, penalty) as tf.Scalar;
      return { total, reconstruction, kl, capacity: tf.scalar(capacity) };
    });
  }

  /** The posterior mean and log-variance of `x`. Caller owns. */
  posteriorOf(x: tf.Tensor, options: ConditionOptions = {}): Posterior {
    const where = `${this.context}.posteriorOf`;
    checkInput(where, this.inputShape, x);
    checkFinite(where, 'x', x);
    checkLabels(where, 'options.labels', this.classes, options.labels, x.shape[0] as number);
    return tf.tidy(() => {
      const [mean, logVar] = this.posterior(x, this.condition(options.labels), false);
      return { mean, logVar };
    });
  }

  /** The posterior means `[batch, latentDim]` of `x`. Caller owns. */
  encode(x: tf.Tensor, options: ConditionOptions = {}): tf.Tensor2D {
    const where = `${this.context}.encode`;
    checkInput(where, this.inputShape, x);
    checkFinite(where, 'x', x);
    checkLabels(where, 'options.labels', this.classes, options.labels, x.shape[0] as number);
    return tf.tidy(() => this.posterior(x, this.condition(options.labels), false)[0]);
  }

  /**
   * Decodes codes `[batch, latentDim]`: probabilities in [0, 1] (Bernoulli), or the
   * Gaussian mean as the decoder outputs it, not clipped (Gaussian). Caller owns.
   */
  decode(z: tf.Tensor, options: ConditionOptions = {}): tf.Tensor {
    const where = `${this.context}.decode`;
    checkInput(where, [this.latentDim], z);
    checkFinite(where, 'z', z, 'Pass finite codes.');
    checkLabels(where, 'options.labels', this.classes, options.labels, z.shape[0] as number);
    return tf.tidy(() => {
      const out = this.decodeRaw(z, this.condition(options.labels), false);
      return this.config.likelihood === 'bernoulli' ? tf.sigmoid(out) : out;
    });
  }

  /** `decode(encode(x))` with the posterior mean. Caller owns. */
  reconstruct(x: tf.Tensor, options: ConditionOptions = {}): tf.Tensor {
    return tf.tidy(() => this.decode(this.encode(x, options), options));
  }

  /**
   * Decodes `n` draws from the prior N(0, I) (of class `label` for a conditional model).
   * `seed` defaults to the model's generator. Caller owns `[n, ...inputShape]`.
   */
  sample(n: number, options: SampleOptions = {}): tf.Tensor {
    const where = `${this.context}.sample`;
    if (!Number.isInteger(n) || n <= 0) bad(`${where}: n must be a positive integer, got ${n}.`);
    if (options.seed !== undefined && !Number.isInteger(options.seed)) {
      bad(`${where}: seed must be an integer, got ${options.seed}.`);
    }
    checkLabelOption(where, this.classes, options.label);
    const { label } = options;
    return tf.tidy(() => {
      const seed = options.seed ?? this.rng.seed();
      const z = tf.randomNormal([n, this.latentDim], 0, 1, 'float32', seed);
      return this.decode(z, label === undefined ? {} : { labels: tf.fill([n], label, 'int32') });
    });
  }

  /**
   * Decodes `steps` points on the line between the codes of `a` and `b` (each one
   * example), ends included; `label` is the class of a conditional model. Caller owns.
   */
  interpolate(a: tf.Tensor, b: tf.Tensor, steps: number, options: SampleOptions = {}): tf.Tensor {
    const where = `${this.context}.interpolate`;
    checkLabelOption(where, this.classes, options.label);
    return interpolateCodes(this, where, a, b, steps, options);
  }

  private parts(): LatentParts {
    const { likelihood, outputVariance } = this.config;
    return {
      posterior: (x, cond) => this.posterior(x, cond, false),
      decodeRaw: (z, cond) => this.decodeRaw(z, cond, false),
      logLikelihood: (x, out) =>
        tf.neg(reconstructionNll(x, out, likelihood, outputVariance, 'per-example')) as tf.Tensor1D,
    };
  }

  private estimate(
    name: string,
    x: tf.Tensor,
    options: EstimateOptions,
    samples: number,
    run: typeof elboEstimate,
  ): tf.Tensor1D {
    const where = `${this.context}.${name}`;
    checkInput(where, this.inputShape, x);
    checkFinite(where, 'x', x);
    checkLabels(where, 'options.labels', this.classes, options.labels, x.shape[0] as number);
    checkEstimateOptions(where, options);
    const settings = {
      samples: options.samples ?? samples,
      batchSize: options.batchSize ?? DEFAULT_ESTIMATE_BATCH_SIZE,
      seed: options.seed ?? this.rng.seed(),
    };
    return tf.tidy(() => run(this.parts(), x, this.condition(options.labels), settings));
  }

  /**
   * Importance-weighted estimate of log p(x) per example, `[batch]` in nats (Burda et al.
   * 2016), from `samples` (default 100) posterior draws per example, decoded in chunks
   * of at most `batchSize` rows. Higher K: a tighter bound. Caller owns.
   */
  logLikelihood(x: tf.Tensor, options: EstimateOptions = {}): tf.Tensor1D {
    return this.estimate('logLikelihood', x, options, 100, importanceWeightedEstimate);
  }

  /**
   * The ELBO per example, `[batch]` in nats: `E_q[log p(x | z)]` from `samples` (default
   * 1) draws minus the closed-form KL. Caller owns.
   */
  elbo(x: tf.Tensor, options: EstimateOptions = {}): tf.Tensor1D {
    return this.estimate('elbo', x, options, 1, elboEstimate);
  }

  /** Writes both networks and `ae.json` (family and config) to a store or a path. */
  async save(target: ModelStore | string, extra: SaveExtra = {}): Promise<void> {
    const networks = { encoder: this.encoder, decoder: this.decoder };
    const { likelihood, outputVariance, latentDim } = this.config;
    const io = gaussianIo(likelihood, outputVariance, latentDim, this.classes);
    await saveModel(target, this.family, this.config, networks, extra, io);
  }

  /** Frees the model's weights. */
  dispose(): void {
    this.encoder.dispose();
    this.decoder.dispose();
  }

  /** The generator and dropout counters, for training checkpoints (plain JSON). */
  getRandomState(): ModelRandomState {
    return readRandomState([this.encoder, this.decoder], this.rng);
  }

  /** Restores a state from {@link getRandomState}. */
  setRandomState(state: unknown): void {
    writeRandomState(
      `${this.context}.setRandomState`,
      state,
      [this.encoder, this.decoder],
      this.rng,
    );
  }
}
