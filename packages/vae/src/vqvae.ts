import { createRng, type Rng } from '@ae/backend';
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
import { binaryCrossEntropyWithLogits, gaussianNll } from '@ae/losses';
import type { VectorQuantizerLayer } from '@ae/quantizer';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { CategoricalPrior, fitCategoricalPrior, type PriorBatch } from './categorical-prior.js';
import { termWeight } from './config-checks.js';
import { checkBatch, checkFinite, checkInput, interpolateCodes } from './interpolate.js';
import { vqvaeIo } from './io-descriptions.js';
import { ModelError } from './model-error.js';
import { loadSaved, requireNetworks, saveModel } from './model-io.js';
import { type ModelRandomState, readRandomState, writeRandomState } from './random-state.js';
import { resolveVQVAEConfig, type VQVAEConfig, type VQVAEOptions } from './vqvae-config.js';
import {
  buildNetworks,
  buildQuantizer,
  checkNetworks,
  quantizerLayer,
  type VQVAENetworks,
} from './vqvae-networks.js';

/** Options of {@link VQVAE.fitPrior}. */
export interface FitPriorOptions {
  /** Laplace smoothing α > 0 added to every code count; default 1. */
  smoothing?: number;
}

/**
 * A vector-quantized variational autoencoder (VQ-VAE, van den Oord et al. 2017): a
 * deterministic encoder gives code vectors `z_e` (a feature map `[h, w, D]` or one `[D]`),
 * each replaced by its nearest of `K` codebook vectors; the decoder reconstructs from those.
 * Gradients pass the quantizer straight through to the encoder.
 *
 * `lossTerms` (nats per example, averaged over the batch):
 * - `reconstruction`: −log p(x | z_q), Bernoulli (BCE of logits) or unit Gaussian (`½‖x − x̂‖²`);
 * - `codebook`: `Σ ‖sg(z_e) − z_q‖²` over the example's code elements (0 with `ema`, where the
 *   codebook follows moving averages updated in `lossTerms(…, { training: true })` instead);
 * - `commitment`: `β · Σ ‖z_e − sg(z_q)‖²`;
 * - `total` = reconstruction + codebook + commitment: the only term to minimize;
 * - `perplexity` (effective number of codes used in the batch, 1…K) and `usage` (fraction of
 *   codes used): reported for monitoring, not minimized (they have no gradient).
 * Training steps (`training: true`) also run the k-means initialization and dead-code restarts.
 *
 * Sampling: `fitPrior` counts the codes of training data at each position of the code map
 * (a {@link CategoricalPrior}); from then on the model has `sample`, which draws every
 * position independently from it and decodes (before, `sample` is absent: there is no
 * prior to draw from). Such an independent prior ignores how neighbouring codes go together, so its
 * samples are poor (blotchy mixtures of parts); good samples need a learned autoregressive
 * prior over the code map (e.g. a PixelCNN), which this package does not include.
 *
 * Saved as three networks, `encoder`, `decoder` and `quantizer` (a model around a
 * `VectorQuantizerLayer` whose weights hold the codebook and its EMA statistics), plus
 * `ae.json`, whose `config` is the {@link VQVAEConfig} with the fitted prior's counts in
 * `config.prior` (`null` when none was fitted).
 *
 * @example
 * const vq = new VQVAE({ inputShape: [28, 28, 1], numCodes: 64, codeDim: 16, ema: true });
 * const { total } = vq.lossTerms({ x }, { training: true }); // x [b, 28, 28, 1]
 * const codes = vq.codeIndices(x); // int32 [b, 7, 7]
 * await vq.fitPrior(x);
 * const samples = vq.sample(16, { seed: 1 }); // [16, 28, 28, 1] in [0, 1]
 */
export class VQVAE implements AutoencoderModel {
  /** Family name in `ae.json`. */
  static readonly family = 'vq-vae';
  readonly family = VQVAE.family;
  /** Resolved hyper-parameters. */
  readonly config: VQVAEConfig;
  /** Code vectors of one example `[h, w, codeDim]` (or `[codeDim]`). */
  readonly codeShape: readonly number[];
  /** `x` → code vectors z_e (before quantization). */
  readonly encoder: tfl.LayersModel;
  /** Quantized code → logits (Bernoulli) or mean (Gaussian). */
  readonly decoder: tfl.LayersModel;
  /** The model around {@link quantizer}, saved as network `quantizer`. */
  readonly quantizerNetwork: tfl.LayersModel;
  /** The vector-quantizer layer (codebook, EMA statistics; `quantize`, `stats`). */
  readonly quantizer: VectorQuantizerLayer;
  /** Source of `sample` seeds when none is given. */
  readonly rng: Rng;
  private fitted: CategoricalPrior | null = null;

  /**
   * @param options See {@link VQVAEConfig}; checked here (`MODEL_BAD_CONFIG` naming the field).
   * @param networks Your own networks (checked: `MODEL_BAD_NETWORK` with expected vs actual shapes).
   */
  constructor(options: VQVAEOptions, networks?: VQVAENetworks) {
    this.config = resolveVQVAEConfig(options);
    const { encoder, decoder } = networks ?? buildNetworks(this.config);
    this.encoder = encoder;
    this.decoder = decoder;
    this.codeShape = checkNetworks({ encoder, decoder }, this.config);
    this.quantizerNetwork = networks?.quantizer ?? buildQuantizer(this.config, [...this.codeShape]);
    this.quantizer = quantizerLayer(this.quantizerNetwork, this.config, [...this.codeShape]);
    this.rng = createRng(this.config.seed);
  }

  get inputShape(): readonly number[] {
    return this.config.inputShape;
  }

  /** Size of the flattened quantized code: h·w·codeDim (or codeDim). */
  get latentDim(): number {
    return shapeSize(this.codeShape);
  }

  /** Size K of the codebook (`config.numCodes`): code indices are in [0, K). */
  get numCodes(): number {
    return this.config.numCodes;
  }

  /** Shape of one example's code indices `[h, w]` (or `[]` for one code vector). */
  get indexShape(): readonly number[] {
    return this.codeShape.slice(0, -1);
  }

  /** Encoder and decoder weights, and the codebook unless it follows EMA. */
  get trainableVariables(): tf.Variable[] {
    const layers = [...this.encoder.trainableWeights, ...this.decoder.trainableWeights];
    return [
      ...layers.map((w) => w.read() as tf.Variable),
      ...this.quantizer.quantizer().trainableVariables,
    ];
  }

  /** The fitted prior, or `null`. Set it to one with `numCodes` K and h·w positions, or `null`. */
  get prior(): CategoricalPrior | null {
    return this.fitted;
  }

  set prior(prior: CategoricalPrior | null) {
    const positions = shapeSize(this.indexShape);
    if (
      prior !== null &&
      (prior.numCodes !== this.config.numCodes || prior.positions !== positions)
    ) {
      throw new ModelError(
        'MODEL_BAD_INPUT',
        `VQVAE.prior: a prior over ${this.config.numCodes} codes at ${positions} positions is needed, got ${prior.numCodes} codes at ${prior.positions} positions.`,
      );
    }
    this.fitted = prior;
    if (prior === null) delete this.sample;
    else this.sample = (n, options) => this.drawFromPrior(prior, n, options);
  }

  /** Loss terms of a batch (see the class doc). Encodes `batch.input ?? batch.x`. Caller owns. */
  lossTerms(batch: ModelBatch, options: LossTermsOptions): LossTerms {
    checkInput('VQVAE.lossTerms', this.inputShape, batch.x);
    if (batch.input) checkInput('VQVAE.lossTerms (batch.input)', this.inputShape, batch.input);
    const { training } = options;
    const where = 'VQVAE.lossTerms';
    checkBatch(where, batch, training);
    const accepted = ['codebook', 'commitment'];
    const wCodebook = termWeight(where, options.weights, accepted, 'codebook');
    const wCommitment = termWeight(where, options.weights, accepted, 'commitment');
    return tf.tidy(() => {
      const z = this.encoder.apply(batch.input ?? batch.x, { training }) as tf.Tensor;
      const r = this.quantizer.quantize(z, { training });
      const out = this.decoder.apply(r.quantized, { training }) as tf.Tensor;
      const reconstruction = (
        this.config.likelihood === 'bernoulli'
          ? binaryCrossEntropyWithLogits(batch.x, out, { reduction: 'batch-mean' })
          : gaussianNll(batch.x, out, { includeConstant: false, reduction: 'batch-mean' })
      ) as tf.Scalar;
      // The quantizer's terms are means over all code elements; × elements per example = batch-mean sums.
      const codebook = tf.mul(r.losses.codebook, this.latentDim) as tf.Scalar;
      const commitment = tf.mul(r.losses.commitment, this.latentDim) as tf.Scalar;
      const total = tf.addN([
        reconstruction,
        tf.mul(codebook, wCodebook),
        tf.mul(commitment, wCommitment),
      ]) as tf.Scalar;
      return {
        total,
        reconstruction,
        codebook,
        commitment,
        perplexity: r.perplexity,
        usage: r.usage,
      };
    });
  }

  /** Quantized codes, flattened: `[batch, latentDim]`. Caller owns. */
  encode(x: tf.Tensor): tf.Tensor2D {
    checkInput('VQVAE.encode', this.inputShape, x);
    checkFinite('VQVAE.encode', 'x', x);
    return tf.tidy(() => {
      const z = this.encoder.apply(x, { training: false }) as tf.Tensor;
      return tf.reshape(this.quantizer.quantize(z).quantized, [
        x.shape[0] as number,
        this.latentDim,
      ]);
    });
  }

  /** Nearest-code indices, int32 `[batch, h, w]` (or `[batch]`). Caller owns. */
  codeIndices(x: tf.Tensor): tf.Tensor {
    checkInput('VQVAE.codeIndices', this.inputShape, x);
    checkFinite('VQVAE.codeIndices', 'x', x);
    return tf.tidy(
      () =>
        this.quantizer.quantize(this.encoder.apply(x, { training: false }) as tf.Tensor).indices,
    );
  }

  /**
   * Decodes codes `[batch, latentDim]` (or `[batch, ...codeShape]`) as given (not re-quantized):
   * probabilities in [0, 1] (Bernoulli) or the mean (Gaussian). Caller owns.
   */
  decode(z: tf.Tensor): tf.Tensor {
    const flat = z.rank === 2 && z.shape[1] === this.latentDim;
    if (
      !flat &&
      (z.rank !== this.codeShape.length + 1 ||
        z.shape.slice(1).some((d, i) => d !== this.codeShape[i]))
    ) {
      throw new ModelError(
        'MODEL_BAD_INPUT',
        `VQVAE.decode: codes must have shape [batch, ${this.latentDim}] or [batch, ${this.codeShape.join(', ')}], got [${z.shape.join(', ')}].`,
      );
    }
    checkFinite('VQVAE.decode', 'z', z, 'Pass finite codes.');
    return tf.tidy(() => this.output(tf.reshape(z, [z.shape[0] as number, ...this.codeShape])));
  }

  /** Decodes code indices, int32 `[batch, ...indexShape]` in [0, K). Caller owns. */
  decodeIndices(indices: tf.Tensor): tf.Tensor {
    const want = this.indexShape;
    if (
      indices.dtype !== 'int32' ||
      indices.rank !== want.length + 1 ||
      indices.shape.slice(1).some((d, i) => d !== want[i])
    ) {
      throw new ModelError(
        'MODEL_BAD_INPUT',
        `VQVAE.decodeIndices: indices must be int32 [batch${want.map((d) => `, ${d}`).join('')}], got ${indices.dtype} [${indices.shape.join(', ')}].`,
      );
    }
    return tf.tidy(() => {
      const codes = tf.gather(this.quantizer.quantizer().codebook, tf.reshape(indices, [-1]));
      return this.output(tf.reshape(codes, [indices.shape[0] as number, ...this.codeShape]));
    });
  }

  reconstruct(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.decode(this.encode(x)));
  }

  /** Decodes the straight line between the quantized codes of `a` and `b` (not re-quantized). Caller owns. */
  interpolate(a: tf.Tensor, b: tf.Tensor, steps: number, options: SampleOptions = {}): tf.Tensor {
    this.refuseLabel('interpolate', options);
    return interpolateCodes(this, 'VQVAE.interpolate', a, b, steps);
  }

  /**
   * Counts the codes of `data` into a new {@link CategoricalPrior} (replacing any fitted one).
   * `data` is a tensor `[n, ...inputShape]` (not disposed) or an (async) iterable of tensors or
   * `{ x }` batches such as `batches()` of `@ae/datasets`, whose tensors are disposed once counted.
   *
   * @throws ModelError `MODEL_BAD_INPUT` for inputs of the wrong shape or no examples.
   */
  async fitPrior(
    data: tf.Tensor | Iterable<PriorBatch> | AsyncIterable<PriorBatch>,
    options: FitPriorOptions = {},
  ): Promise<CategoricalPrior> {
    const { smoothing } = options;
    const args = { numCodes: this.config.numCodes, positions: shapeSize(this.indexShape) };
    this.prior = await fitCategoricalPrior(
      data,
      (x) => this.codeIndices(x),
      smoothing === undefined ? args : { ...args, smoothing },
      'VQVAE.fitPrior',
    );
    return this.prior as CategoricalPrior;
  }

  /**
   * Decodes `n` code maps drawn position by position from the fitted prior (see the class doc:
   * poor samples by design). `seed` defaults to the model's generator. Caller owns. Present
   * only while a prior is fitted (after `fitPrior`, or loaded with one): `canSample(model)`
   * of `@ae/core` tells.
   *
   * @throws ModelError `MODEL_BAD_INPUT` for a bad `n` or a `label`.
   */
  declare sample?: (n: number, options?: SampleOptions) => tf.Tensor;

  private drawFromPrior(
    prior: CategoricalPrior,
    n: number,
    options: SampleOptions = {},
  ): tf.Tensor {
    this.refuseLabel('sample', options);
    if (!Number.isInteger(n) || n <= 0) {
      throw new ModelError(
        'MODEL_BAD_INPUT',
        `VQVAE.sample: n must be a positive integer, got ${n}.`,
      );
    }
    const seed = options.seed ?? this.rng.seed();
    return tf.tidy(() =>
      this.decodeIndices(tf.reshape(prior.sample(n, seed), [n, ...this.indexShape])),
    );
  }

  async save(target: ModelStore | string, extra: SaveExtra = {}): Promise<void> {
    const config = { ...this.config, prior: this.fitted?.toJSON() ?? null };
    const networks = {
      encoder: this.encoder,
      decoder: this.decoder,
      quantizer: this.quantizerNetwork,
    };
    const io = vqvaeIo(this.config.likelihood, this.fitted !== undefined && this.fitted !== null);
    await saveModel(target, VQVAE.family, config, networks, extra, io);
  }

  /** Rebuilds a VQ-VAE written by {@link save}: its networks, codebook, EMA statistics and prior. */
  static async load(target: ModelStore | string): Promise<VQVAE> {
    const loaded = await loadSaved(target, VQVAE.family, 'loadModel()');
    try {
      const { encoder, decoder, quantizer } = requireNetworks(loaded, [
        'encoder',
        'decoder',
        'quantizer',
      ]);
      const { prior, ...config } = loaded.aeJson.config;
      const model = new VQVAE(
        config as unknown as VQVAEOptions,
        { encoder, decoder, quantizer } as VQVAENetworks,
      );
      if (prior !== undefined && prior !== null) {
        const where = `${loaded.store.location}/ae.json config.prior`;
        const fitted = CategoricalPrior.fromJSON(prior, where);
        if (
          fitted.numCodes !== model.config.numCodes ||
          fitted.positions !== shapeSize(model.indexShape)
        ) {
          throw new ModelError(
            'MODEL_BAD_SAVED_CONFIG',
            `${where}: a prior over ${fitted.numCodes} codes at ${fitted.positions} positions does not fit a model with ${model.config.numCodes} codes at ${shapeSize(model.indexShape)} positions.`,
          );
        }
        model.prior = fitted;
      }
      return model;
    } catch (error) {
      for (const network of Object.values(loaded.networks)) network.dispose();
      throw error;
    }
  }

  dispose(): void {
    this.encoder.dispose();
    this.decoder.dispose();
    this.quantizerNetwork.dispose();
  }

  /** The generator, dropout counters and quantizer update count, for training checkpoints. */
  getRandomState(): ModelRandomState {
    const networks = [this.encoder, this.decoder];
    return readRandomState(networks, this.rng, this.quantizer.quantizer().updates);
  }

  /** Restores a state from {@link getRandomState}. */
  setRandomState(state: unknown): void {
    const networks = [this.encoder, this.decoder];
    const updates = writeRandomState('VQVAE.setRandomState', state, networks, this.rng);
    this.quantizer.quantizer().updates = updates ?? 0;
  }

  private output(code: tf.Tensor): tf.Tensor {
    const out = this.decoder.apply(code, { training: false }) as tf.Tensor;
    return this.config.likelihood === 'bernoulli' ? tf.sigmoid(out) : out;
  }

  private refuseLabel(method: string, options: SampleOptions): void {
    if (options.label !== undefined) {
      throw new ModelError(
        'MODEL_BAD_INPUT',
        `VQVAE.${method}: label ${options.label} given, but a VQVAE is not conditional; leave label out.`,
      );
    }
  }
}
