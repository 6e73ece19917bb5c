import type {
  AutoencoderModel,
  LossTerms,
  LossTermsOptions,
  ModelBatch,
  ModelStore,
  SampleOptions,
  SaveExtra,
} from '@ae/core';
import { shapeSize } from '@ae/core';
import { checkDecoder, denseDecoder } from '@ae/decoders';
import { checkEncoder, denseEncoder } from '@ae/encoders';
import {
  binaryCrossEntropyWithLogits,
  gaussianNll,
  klSparsityPenalty,
  l1ActivityPenalty,
} from '@ae/losses';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  type AutoencoderConfig,
  type AutoencoderOptions,
  resolveAutoencoderConfig,
} from './autoencoder-config.js';
import { buildPreset } from './build-preset.js';
import { asModelError, termWeight } from './config-checks.js';
import { checkBatch, checkFinite, checkInput, interpolateCodes } from './interpolate.js';
import { autoencoderIo } from './io-descriptions.js';
import { ModelError } from './model-error.js';
import { loadSaved, requireNetworks, saveModel } from './model-io.js';
import { type ModelRandomState, readRandomState, writeRandomState } from './random-state.js';

/** Networks to use instead of the ones the config describes. */
export interface AutoencoderNetworks {
  /**
   * Maps `[batch, ...inputShape]` to one code: a vector `[batch, latentDim]` or a feature
   * map `[batch, h, w, c]` with h·w·c = `latentDim`.
   */
  encoder: tfl.LayersModel;
  /**
   * Maps the code, shaped as the encoder outputs it, to `[batch, ...inputShape]`: logits for
   * the Bernoulli likelihood (no sigmoid), the mean for the Gaussian one.
   */
  decoder: tfl.LayersModel;
}

/**
 * How the code size compares with the input size: `'under'` (smaller: a bottleneck),
 * `'complete'` (equal) or `'over'` (larger: needs a penalty, e.g. sparsity or denoising,
 * to learn more than the identity).
 */
export type Completeness = 'under' | 'complete' | 'over';

/** Checks both networks against the config; returns the shape of one code as the encoder outputs it. */
function checkNetworks(n: AutoencoderNetworks, config: AutoencoderConfig): number[] {
  const { inputShape, latentDim } = config;
  const context = 'Autoencoder';
  const first = n.encoder.outputs[0]?.shape.slice(1) ?? [];
  const isMap =
    n.encoder.outputs.length === 1 &&
    first.length > 1 &&
    first.every((d) => typeof d === 'number') &&
    shapeSize(first as number[]) === latentDim;
  const codeShape = isMap ? (first as number[]) : [latentDim];
  asModelError(() =>
    checkEncoder(
      n.encoder,
      isMap
        ? { inputShape, head: 'feature-map', codeShape, context }
        : { inputShape, head: 'deterministic', latentDim, context },
    ),
  );
  asModelError(() =>
    checkDecoder(
      n.decoder,
      isMap
        ? { inputShape: codeShape, outputShape: inputShape, context }
        : { latentDim, outputShape: inputShape, context },
    ),
  );
  return codeShape;
}

/** The networks a config describes: a preset pair, or a dense encoder and its mirror. */
function buildNetworks(config: AutoencoderConfig): AutoencoderNetworks {
  const { inputShape, latentDim, hidden, activation, seed, preset } = config;
  if (preset !== undefined) {
    const { encoder, decoder } = buildPreset(preset, { inputShape, seed });
    return { encoder, decoder };
  }
  const encoder = denseEncoder({
    inputShape,
    hidden,
    latentDim,
    head: 'deterministic',
    activation,
    codeActivation: config.codeActivation ?? 'linear',
    seed,
  });
  try {
    const decoder = denseDecoder({
      latentDim,
      hidden: [...hidden].reverse(),
      outputShape: inputShape,
      activation,
      seed: seed + 1000,
    });
    return { encoder, decoder };
  } catch (error) {
    encoder.dispose();
    throw error;
  }
}

/**
 * A deterministic autoencoder: an encoder to a code and a decoder back. One class covers
 * the classic variants through its config:
 *
 * - **under- or overcomplete**: `latentDim` below or above the input size (see
 *   {@link Autoencoder.complete}); an overcomplete one needs sparsity or denoising to learn
 *   more than the identity;
 * - **denoising** (Vincent et al. 2008): train with `batch.input` = a corrupted copy of
 *   `batch.x`; `denoising` records the corruption in `ae.json`;
 * - **sparse**: an L1 or KL activity penalty on the code (`sparsity`);
 * - **convolutional**: `preset: 'keras-conv-ae'` (7×7×16 code) or `'torch-conv-ae'`
 *   (1×1×64 code); codes are flattened by `encode` and reshaped back by `decode`.
 *
 * Loss per batch (each term summed over features, averaged over the batch, in nats):
 * `total = reconstruction + weight · sparsity`. `reconstruction` is the binary
 * cross-entropy of the decoder's logits (`likelihood: 'bernoulli'`) or `½‖x − x̂‖²`
 * (`'gaussian'`: unit variance, constant dropped); `sparsity`, reported without its weight,
 * is `Σ_j |code_j|` (`'l1'`) or `Σ_j KL(ρ ‖ ρ̂_j)` (`'kl'`).
 *
 * There is no `sample`: an autoencoder has no prior over its codes, so decoding random codes
 * gives no meaningful examples. Use `VAE` to sample.
 *
 * @example
 * const ae = new Autoencoder({ inputShape: [28, 28, 1], latentDim: 32, hidden: [256] });
 * const opt = tf.train.adam(1e-3);
 * const noisy = tf.clipByValue(tf.add(x, tf.randomNormal(x.shape, 0, 0.3, 'float32', 1)), 0, 1);
 * opt.minimize(() => ae.lossTerms({ x, input: noisy }, { training: true }).total, false, ae.trainableVariables);
 * const codes = ae.encode(x); // [batch, 32]
 * const clean = ae.reconstruct(noisy); // [batch, 28, 28, 1] in [0, 1]
 */
export class Autoencoder implements AutoencoderModel {
  /** Family name in `ae.json`. */
  static readonly family = 'ae';
  readonly family = Autoencoder.family;
  /** Resolved hyper-parameters (with `latentDim` derived for presets). */
  readonly config: AutoencoderConfig;
  /** Input → code (a vector or a feature map). */
  readonly encoder: tfl.LayersModel;
  /** Code → logits (Bernoulli) or mean (Gaussian). */
  readonly decoder: tfl.LayersModel;
  /** Shape of one code as the encoder outputs it: `[latentDim]` or `[h, w, c]`. */
  readonly codeShape: readonly number[];

  /**
   * Builds the networks the config describes, or uses `networks` (checked against the
   * config; errors name the expected and the actual shapes).
   *
   * @throws ModelError `MODEL_BAD_CONFIG`, `MODEL_BAD_NETWORK`.
   */
  constructor(options: AutoencoderOptions, networks?: AutoencoderNetworks) {
    this.config = resolveAutoencoderConfig(options);
    const built = networks ?? buildNetworks(this.config);
    try {
      this.codeShape = checkNetworks(built, this.config);
    } catch (error) {
      if (networks === undefined) {
        built.encoder.dispose();
        built.decoder.dispose();
      }
      throw error;
    }
    this.encoder = built.encoder;
    this.decoder = built.decoder;
  }

  get inputShape(): readonly number[] {
    return this.config.inputShape;
  }

  get latentDim(): number {
    return this.config.latentDim;
  }

  /** Whether the code is smaller than (`'under'`), equal to or larger than (`'over'`) the input. */
  get complete(): Completeness {
    const inputSize = shapeSize(this.config.inputShape);
    const d = this.config.latentDim;
    return d < inputSize ? 'under' : d > inputSize ? 'over' : 'complete';
  }

  get trainableVariables(): tf.Variable[] {
    return [...this.encoder.trainableWeights, ...this.decoder.trainableWeights].map(
      (w) => w.read() as tf.Variable,
    );
  }

  /** The code of `x` as the encoder outputs it (a vector or a feature map). */
  private codeOf(x: tf.Tensor, training: boolean): tf.Tensor {
    return this.encoder.apply(x, { training }) as tf.Tensor;
  }

  private checkCodes(where: string, z: tf.Tensor): void {
    if (z.rank !== 2 || z.shape[1] !== this.config.latentDim) {
      throw new ModelError(
        'MODEL_BAD_INPUT',
        `${where}: codes must have shape [batch, ${this.config.latentDim}], got [${z.shape.join(', ')}].`,
      );
    }
  }

  lossTerms(batch: ModelBatch, options: LossTermsOptions): LossTerms {
    const where = 'Autoencoder.lossTerms';
    checkInput(where, this.config.inputShape, batch.x);
    const input = batch.input ?? batch.x;
    if (batch.input !== undefined && !tf.util.arraysEqual(batch.input.shape, batch.x.shape)) {
      throw new ModelError(
        'MODEL_BAD_INPUT',
        `${where}: batch.input must have the shape of batch.x [${batch.x.shape.join(', ')}], got [${batch.input.shape.join(', ')}].`,
      );
    }
    checkBatch(where, batch, options.training);
    const { likelihood, sparsity, latentDim } = this.config;
    const sparsityWeight = termWeight(
      where,
      options.weights,
      sparsity ? ['sparsity'] : [],
      'sparsity',
    );
    return tf.tidy((): LossTerms => {
      const code = this.codeOf(input, options.training);
      const out = this.decoder.apply(code, { training: options.training }) as tf.Tensor;
      const reconstruction = (
        likelihood === 'bernoulli'
          ? binaryCrossEntropyWithLogits(batch.x, out, { reduction: 'batch-mean' })
          : gaussianNll(batch.x, out, {
              variance: 1,
              includeConstant: false,
              reduction: 'batch-mean',
            })
      ) as tf.Scalar;
      if (sparsity === undefined) return { total: tf.clone(reconstruction), reconstruction };
      const flat = tf.reshape(code, [-1, latentDim]);
      const penalty = (
        sparsity.kind === 'l1'
          ? l1ActivityPenalty(flat, { reduction: 'batch-mean' })
          : klSparsityPenalty(flat, { target: sparsity.target, reduction: 'sum' })
      ) as tf.Scalar;
      const total = tf.add(
        reconstruction,
        tf.mul(penalty, sparsity.weight * sparsityWeight),
      ) as tf.Scalar;
      return { total, reconstruction, sparsity: penalty };
    });
  }

  /** Codes `[batch, latentDim]` of `x` (feature maps flattened). Caller owns. */
  encode(x: tf.Tensor): tf.Tensor2D {
    checkInput('Autoencoder.encode', this.config.inputShape, x);
    checkFinite('Autoencoder.encode', 'x', x);
    return tf.tidy(() => tf.reshape(this.codeOf(x, false), [-1, this.config.latentDim]));
  }

  /**
   * Decodes codes `[batch, latentDim]` to `[batch, ...inputShape]`: probabilities in [0, 1]
   * for the Bernoulli likelihood, the Gaussian mean as it is (not clipped) for the
   * Gaussian one. Caller owns.
   */
  decode(z: tf.Tensor): tf.Tensor {
    this.checkCodes('Autoencoder.decode', z);
    checkFinite('Autoencoder.decode', 'z', z, 'Pass finite codes.');
    return tf.tidy(() => {
      const code = tf.reshape(z, [-1, ...this.codeShape]);
      const out = this.decoder.apply(code, { training: false }) as tf.Tensor;
      return this.config.likelihood === 'bernoulli' ? tf.sigmoid(out) : out;
    });
  }

  /** `decode(encode(x))`. Caller owns. */
  reconstruct(x: tf.Tensor): tf.Tensor {
    checkInput('Autoencoder.reconstruct', this.config.inputShape, x);
    return tf.tidy(() => this.decode(this.encode(x)));
  }

  /**
   * Decodes `steps` points on the line between the codes of `a` and `b` (each one
   * example), ends included. `options.label` is refused: the model is not conditional.
   * Caller owns.
   */
  interpolate(a: tf.Tensor, b: tf.Tensor, steps: number, options: SampleOptions = {}): tf.Tensor {
    if (options.label !== undefined) {
      throw new ModelError(
        'MODEL_BAD_INPUT',
        `Autoencoder.interpolate: label ${options.label} given, but an Autoencoder is not conditional; leave label out.`,
      );
    }
    return interpolateCodes(this, 'Autoencoder.interpolate', a, b, steps);
  }

  /** Writes `encoder`, `decoder` and `ae.json` (family `'ae'`, the whole config). */
  async save(target: ModelStore | string, extra: SaveExtra = {}): Promise<void> {
    await saveModel(
      target,
      Autoencoder.family,
      this.config,
      { encoder: this.encoder, decoder: this.decoder },
      extra,
      autoencoderIo(this.config.likelihood),
    );
  }

  /**
   * Rebuilds an Autoencoder saved with {@link Autoencoder.save}: the saved networks and
   * config, from a store, a directory (Node) or a URL (browser).
   *
   * @throws ModelError `MODEL_UNKNOWN_FAMILY` (another family), `MODEL_NOT_FOUND`,
   *   `MODEL_BAD_SAVED_CONFIG`.
   */
  static async load(target: ModelStore | string): Promise<Autoencoder> {
    const loaded = await loadSaved(target, Autoencoder.family);
    const { encoder, decoder } = requireNetworks(loaded, ['encoder', 'decoder']);
    try {
      return new Autoencoder(loaded.aeJson.config as unknown as AutoencoderOptions, {
        encoder: encoder as tfl.LayersModel,
        decoder: decoder as tfl.LayersModel,
      });
    } catch (error) {
      for (const network of Object.values(loaded.networks)) network.dispose();
      if (error instanceof ModelError) {
        throw new ModelError(
          'MODEL_BAD_SAVED_CONFIG',
          `${loaded.store.location}/ae.json: ${error.message}`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  dispose(): void {
    this.encoder.dispose();
    this.decoder.dispose();
  }

  /** The dropout counters, for training checkpoints (plain JSON). */
  getRandomState(): ModelRandomState {
    return readRandomState([this.encoder, this.decoder]);
  }

  /** Restores a state from {@link getRandomState}. */
  setRandomState(state: unknown): void {
    writeRandomState('Autoencoder.setRandomState', state, [this.encoder, this.decoder]);
  }
}
