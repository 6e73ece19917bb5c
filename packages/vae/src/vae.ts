import { createRng, type Rng } from '@ae/backend';
import { denseDecoder } from '@ae/decoders';
import { denseEncoder } from '@ae/encoders';
import { binaryCrossEntropyWithLogits, klStandardNormal } from '@ae/losses';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { makeAeJson, parseAeJson } from './ae-json.js';
import type { AutoencoderModel, LossTerms, LossTermsOptions, ModelBatch } from './model.js';
import { ModelError } from './model-error.js';
import type { ModelStore } from './model-store.js';
import { resolveVAEConfig, type VAEConfig, type VAEOptions } from './vae-config.js';

/** Networks to use instead of the default dense ones. */
export interface VAENetworks {
  /** Maps `[batch, ...inputShape]` to two outputs `[mean, logVar]`, each `[batch, latentDim]`. */
  encoder: tfl.LayersModel;
  /** Maps `[batch, latentDim]` to logits `[batch, ...inputShape]` (no sigmoid). */
  decoder: tfl.LayersModel;
}

/** The posterior q(z | x) of a batch. The caller owns both tensors. */
export interface Posterior {
  /** Mean, `[batch, latentDim]`. */
  mean: tf.Tensor2D;
  /** Log-variance, `[batch, latentDim]`. */
  logVar: tf.Tensor2D;
}

function checkNetworks(n: VAENetworks, config: VAEConfig): void {
  const latent = config.latentDim;
  const outs = n.encoder.outputs.map((o) => o.shape);
  if (outs.length !== 2 || outs.some((s) => s.length !== 2 || s[1] !== latent)) {
    throw new ModelError(
      'MODEL_BAD_NETWORK',
      `VAE: the encoder must have two outputs [mean, logVar] of shape [null, ${latent}], got ${JSON.stringify(outs)}.`,
    );
  }
  const decIn = n.decoder.inputs[0]?.shape;
  if (n.decoder.inputs.length !== 1 || decIn?.length !== 2 || decIn[1] !== latent) {
    throw new ModelError(
      'MODEL_BAD_NETWORK',
      `VAE: the decoder must take one input of shape [null, ${latent}], got ${JSON.stringify(n.decoder.inputs.map((i) => i.shape))}.`,
    );
  }
  const decOut = n.decoder.outputs[0]?.shape.slice(1);
  if (JSON.stringify(decOut) !== JSON.stringify(config.inputShape)) {
    throw new ModelError(
      'MODEL_BAD_NETWORK',
      `VAE: the decoder must output [null, ${config.inputShape.join(', ')}], got [null, ${decOut?.join(', ')}].`,
    );
  }
}

/**
 * A variational autoencoder (Kingma & Welling 2014) with a Bernoulli likelihood on
 * pixels in [0, 1] and a standard normal prior; with `beta ≠ 1`, the β-VAE.
 *
 * Loss per batch (each term summed over features, averaged over the batch):
 * `total = reconstruction + beta · kl`, where `reconstruction` is the binary
 * cross-entropy of the decoder's logits and `kl` is KL(q(z|x) ‖ N(0, I)).
 *
 * @example
 * const vae = new VAE({ inputShape: [28, 28, 1], latentDim: 16 });
 * const { total, reconstruction, kl } = vae.lossTerms({ x }, { training: true });
 * const samples = vae.sample(16); // [16, 28, 28, 1] in [0, 1]
 */
export class VAE implements AutoencoderModel {
  /** Family name in `ae.json`. */
  static readonly family = 'vae';
  readonly family = VAE.family;
  /** Resolved hyper-parameters. */
  readonly config: VAEConfig;
  /** q(z | x): outputs `[mean, logVar]`. */
  readonly encoder: tfl.LayersModel;
  /** p(x | z): outputs logits. */
  readonly decoder: tfl.LayersModel;
  /** Source of the reparameterization noise and of `sample` draws. */
  readonly rng: Rng;

  constructor(options: VAEOptions, networks?: VAENetworks) {
    this.config = resolveVAEConfig(options);
    const { inputShape, latentDim, hidden, activation, seed } = this.config;
    this.encoder =
      networks?.encoder ?? denseEncoder({ inputShape, hidden, latentDim, activation, seed });
    this.decoder =
      networks?.decoder ??
      denseDecoder({
        latentDim,
        hidden: [...hidden].reverse(),
        outputShape: inputShape,
        activation,
        seed: seed + 1000,
      });
    checkNetworks({ encoder: this.encoder, decoder: this.decoder }, this.config);
    this.rng = createRng(seed);
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

  private checkInput(x: tf.Tensor): void {
    const want = this.config.inputShape;
    if (x.rank !== want.length + 1 || x.shape.slice(1).some((d, i) => d !== want[i])) {
      throw new ModelError(
        'MODEL_BAD_INPUT',
        `VAE: input must have shape [batch, ${want.join(', ')}], got [${x.shape.join(', ')}].`,
      );
    }
  }

  private posterior(x: tf.Tensor, training: boolean): [tf.Tensor2D, tf.Tensor2D] {
    this.checkInput(x);
    const out = this.encoder.apply(x, { training }) as tf.Tensor[];
    return [out[0] as tf.Tensor2D, out[1] as tf.Tensor2D];
  }

  /** z = mean + exp(logVar / 2) · ε, ε ~ N(0, I): the reparameterization trick. */
  private reparameterize(mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor2D {
    const eps = tf.randomNormal(mean.shape, 0, 1, 'float32', this.rng.seed());
    return tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps));
  }

  lossTerms(batch: ModelBatch, options: LossTermsOptions): LossTerms {
    return tf.tidy(() => {
      const [mean, logVar] = this.posterior(batch.x, options.training);
      const z = this.reparameterize(mean, logVar);
      const logits = this.decoder.apply(z, { training: options.training }) as tf.Tensor;
      const reconstruction = binaryCrossEntropyWithLogits(batch.x, logits, {
        reduction: 'batch-mean',
      }) as tf.Scalar;
      const kl = klStandardNormal(mean, logVar, { reduction: 'batch-mean' }) as tf.Scalar;
      const total = tf.add(reconstruction, tf.mul(kl, this.config.beta)) as tf.Scalar;
      return { total, reconstruction, kl };
    });
  }

  /** The posterior mean and log-variance of `x`. Caller owns. */
  posteriorOf(x: tf.Tensor): Posterior {
    return tf.tidy(() => {
      const [mean, logVar] = this.posterior(x, false);
      return { mean, logVar };
    });
  }

  encode(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => this.posterior(x, false)[0]);
  }

  decode(z: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sigmoid(this.decoder.apply(z, { training: false }) as tf.Tensor));
  }

  reconstruct(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.decode(this.encode(x)));
  }

  /** Decodes `n` draws from the prior N(0, I). `seed` defaults to the model's generator. Caller owns. */
  sample(n: number, options: { seed?: number } = {}): tf.Tensor {
    if (!Number.isInteger(n) || n <= 0) {
      throw new ModelError(
        'MODEL_BAD_INPUT',
        `VAE.sample: n must be a positive integer, got ${n}.`,
      );
    }
    return tf.tidy(() => {
      const seed = options.seed ?? this.rng.seed();
      return this.decode(tf.randomNormal([n, this.config.latentDim], 0, 1, 'float32', seed));
    });
  }

  /**
   * Decodes `steps` points on the line between the codes of `a` and `b` (each one
   * example, `[1, ...inputShape]` or `[...inputShape]`), ends included. Caller owns.
   */
  interpolate(a: tf.Tensor, b: tf.Tensor, steps: number): tf.Tensor {
    if (!Number.isInteger(steps) || steps < 2) {
      throw new ModelError(
        'MODEL_BAD_INPUT',
        `VAE.interpolate: steps must be an integer ≥ 2, got ${steps}.`,
      );
    }
    return tf.tidy(() => {
      const one = (t: tf.Tensor, name: string) => {
        const e = t.rank === this.config.inputShape.length ? tf.expandDims(t, 0) : t;
        if (e.shape[0] !== 1) {
          throw new ModelError(
            'MODEL_BAD_INPUT',
            `VAE.interpolate: ${name} must be one example ([${this.config.inputShape.join(', ')}] or [1, …]), got [${t.shape.join(', ')}].`,
          );
        }
        return e;
      };
      const za = this.encode(one(a, 'a'));
      const zb = this.encode(one(b, 'b'));
      const t = tf.reshape(tf.linspace(0, 1, steps), [steps, 1]);
      return this.decode(tf.add(za, tf.mul(t, tf.sub(zb, za))));
    });
  }

  async save(
    store: ModelStore,
    extra: { dataset?: { name: string; shape: readonly number[] } } = {},
  ): Promise<void> {
    await this.encoder.save(store.network('encoder'));
    await this.decoder.save(store.network('decoder'));
    await store.writeConfig(
      makeAeJson(VAE.family, { ...this.config }, ['encoder', 'decoder'], extra.dataset),
    );
  }

  /** Rebuilds a VAE saved with {@link VAE.save}, with its saved networks and config. */
  static async load(store: ModelStore): Promise<VAE> {
    const aeJson = parseAeJson(await store.readConfig(), `${store.location}/ae.json`);
    if (aeJson.family !== VAE.family) {
      throw new ModelError(
        'MODEL_UNKNOWN_FAMILY',
        `${store.location}/ae.json: family is "${aeJson.family}", not "${VAE.family}"; use loadModel() to load any family.`,
      );
    }
    const encoder = await tfl.loadLayersModel(store.network('encoder'));
    const decoder = await tfl.loadLayersModel(store.network('decoder'));
    return new VAE(aeJson.config as unknown as VAEOptions, { encoder, decoder });
  }

  dispose(): void {
    this.encoder.dispose();
    this.decoder.dispose();
  }
}
