import type { ModelStore } from '@ae/core';
import { GaussianLatentModel } from './gaussian-latent-model.js';
import { loadGaussianModel } from './gaussian-load.js';
import type { VAENetworks } from './gaussian-networks.js';
import { resolveVAEConfig, type VAEConfig, type VAEOptions } from './vae-config.js';

export type { Posterior } from './gaussian-latent-model.js';
export type { VAENetworks } from './gaussian-networks.js';

/**
 * A variational autoencoder (Kingma & Welling 2014) with a standard normal prior and a
 * diagonal Gaussian posterior; with `beta ≠ 1` the β-VAE (Higgins et al. 2017), with
 * `capacity` the capacity-controlled VAE (Burgess et al. 2018).
 *
 * Loss per batch (each term summed over features, averaged over the batch, in nats):
 * `total = reconstruction + beta · kl`, or `reconstruction + γ·|kl − C(step)|` with
 * `capacity`. `reconstruction` is −log p(x | z) for one posterior sample: the binary
 * cross-entropy of the decoder's logits (`likelihood: 'bernoulli'`, default) or the
 * Gaussian negative log-density with fixed variance `outputVariance` (`'gaussian'`);
 * `kl` is KL(q(z|x) ‖ N(0, I)).
 *
 * Networks: dense (`hidden`, `activation`), a Gaussian `preset` (`'keras-conv-vae'`,
 * `'torch-conv-vae'`), or the user's own as the second constructor argument.
 * `logLikelihood(x)` estimates log p(x) by importance sampling, `elbo(x)` its lower bound.
 *
 * @example
 * const vae = new VAE({ inputShape: [28, 28, 1], latentDim: 16 });
 * const { total, reconstruction, kl } = vae.lossTerms({ x }, { training: true });
 * const samples = vae.sample(16, { seed: 1 }); // [16, 28, 28, 1] in [0, 1]
 * const logPx = vae.logLikelihood(x, { samples: 1000 }); // [batch], nats
 * await vae.save('runs/vae'); // or a store, or 'indexeddb://vae' in a browser
 * const again = await VAE.load('runs/vae');
 */
export class VAE extends GaussianLatentModel<VAEConfig> {
  /** Family name in `ae.json`. */
  static readonly family = 'vae';
  readonly family = VAE.family;

  /**
   * @param options Hyper-parameters, checked here (`MODEL_BAD_CONFIG`).
   * @param networks Networks to use instead of those the config describes; checked
   *   against `inputShape` and `latentDim` (`MODEL_BAD_NETWORK`). `load` passes the saved ones.
   */
  constructor(options: VAEOptions, networks?: VAENetworks) {
    super('VAE', resolveVAEConfig(options), undefined, networks);
  }

  /**
   * Rebuilds a VAE saved with `save` from a store, a directory or a URL, with its saved
   * networks. Fields added to the config since it was saved get their defaults.
   *
   * @throws ModelError `MODEL_UNKNOWN_FAMILY` (another family), `MODEL_NOT_FOUND`,
   *   `MODEL_BAD_SAVED_CONFIG`.
   */
  static load(target: ModelStore | string): Promise<VAE> {
    return loadGaussianModel(
      target,
      VAE.family,
      (config, networks) => new VAE(config as VAEOptions, networks),
    );
  }
}
