import type { ModelStore } from '@ae/core';
import { GaussianLatentModel } from './gaussian-latent-model.js';
import { loadGaussianModel } from './gaussian-load.js';
import type { VAENetworks } from './gaussian-networks.js';
import {
  type ConditionalVAEConfig,
  type ConditionalVAEOptions,
  resolveConditionalVAEConfig,
} from './vae-config.js';

/**
 * A conditional VAE (Sohn et al. 2015): a {@link VAE} whose encoder sees `[x, label]`
 * and whose decoder sees `[z, label]`, the label one-hot over `numClasses`. The prior
 * stays N(0, I), so `sample(n, { label })` draws digits of one class; the same code
 * decoded with another label keeps the style and changes the class.
 *
 * Every method that runs a network needs the labels: `lossTerms` reads `batch.labels`,
 * `encode` / `decode` / `reconstruct` / `logLikelihood` / `elbo` take `{ labels }`
 * (integers `[batch]` in [0, numClasses); values outside give an all-zero one-hot),
 * `sample` and `interpolate` take `{ label }`. Config, loss terms and networks are
 * those of the VAE (dense, a Gaussian preset built with `numClasses`, or the user's own
 * networks with a second `[batch, numClasses]` input).
 *
 * @example
 * const cvae = new ConditionalVAE({ inputShape: [28, 28, 1], latentDim: 8, numClasses: 10 });
 * const terms = cvae.lossTerms({ x, labels }, { training: true }); // labels: int32 [batch]
 * const sevens = cvae.sample(16, { label: 7, seed: 1 }); // [16, 28, 28, 1]
 * const z = cvae.encode(x, { labels });
 * const asThrees = cvae.decode(z, { labels: tf.fill([z.shape[0]], 3, 'int32') });
 */
export class ConditionalVAE extends GaussianLatentModel<ConditionalVAEConfig> {
  /** Family name in `ae.json`. */
  static readonly family = 'cvae';
  readonly family = ConditionalVAE.family;

  /**
   * @param options Hyper-parameters with `numClasses`, checked here (`MODEL_BAD_CONFIG`).
   * @param networks Networks with a label input to use instead of those the config
   *   describes (`MODEL_BAD_NETWORK` if their shapes do not fit).
   */
  constructor(options: ConditionalVAEOptions, networks?: VAENetworks) {
    const config = resolveConditionalVAEConfig(options);
    super('ConditionalVAE', config, config.numClasses, networks);
  }

  /** Number of classes; labels are integers in [0, numClasses). */
  get numClasses(): number {
    return this.config.numClasses;
  }

  /**
   * Rebuilds a ConditionalVAE saved with `save` from a store, a directory or a URL.
   *
   * @throws ModelError `MODEL_UNKNOWN_FAMILY` (another family), `MODEL_NOT_FOUND`,
   *   `MODEL_BAD_SAVED_CONFIG`.
   */
  static load(target: ModelStore | string): Promise<ConditionalVAE> {
    return loadGaussianModel(
      target,
      ConditionalVAE.family,
      (config, networks) => new ConditionalVAE(config as ConditionalVAEOptions, networks),
    );
  }
}
