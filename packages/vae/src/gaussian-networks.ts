/**
 * The encoder and decoder of the Gaussian-latent models (VAE, ConditionalVAE): built from
 * the config (dense or a preset), or the user's own, checked against the config.
 */
import { checkDecoder, denseDecoder } from '@ae/decoders';
import { checkEncoder, denseEncoder } from '@ae/encoders';
import type * as tfl from '@tensorflow/tfjs-layers';
import { buildPreset } from './build-preset.js';
import { asModelError } from './config-checks.js';
import type { VAEConfig } from './vae-config.js';

/** Networks to use instead of the ones the config describes. */
export interface VAENetworks {
  /**
   * Maps `[batch, ...inputShape]` (and, for a conditional model, a one-hot label
   * `[batch, numClasses]`: inputs `[x, label]`) to two outputs `[mean, logVar]`, each
   * `[batch, latentDim]`.
   */
  encoder: tfl.LayersModel;
  /**
   * Maps `[batch, latentDim]` (and a one-hot label: inputs `[z, label]`) to
   * `[batch, ...inputShape]`: logits for the Bernoulli likelihood (no sigmoid), the mean
   * for the Gaussian one.
   */
  decoder: tfl.LayersModel;
}

/**
 * Builds the networks `config` describes: `buildPreset(config.preset)` or a dense encoder
 * (`hidden`) and its mirrored decoder (seeded with `seed + 1000`), with a label input
 * when `numClasses` is given. The caller owns both.
 */
export function buildGaussianNetworks(config: VAEConfig, numClasses?: number): VAENetworks {
  const { inputShape, latentDim, hidden, activation, seed, preset } = config;
  const cond = numClasses === undefined ? {} : { numClasses };
  if (preset !== undefined) {
    const built = buildPreset(preset, { inputShape, seed, ...cond });
    return { encoder: built.encoder, decoder: built.decoder };
  }
  const encoder = denseEncoder({ inputShape, hidden, latentDim, activation, seed, ...cond });
  const decoder = denseDecoder({
    latentDim,
    hidden: [...hidden].reverse(),
    outputShape: inputShape,
    activation,
    seed: seed + 1000,
    ...cond,
  });
  return { encoder, decoder };
}

/**
 * Checks networks against `config` with `checkEncoder` / `checkDecoder`.
 *
 * @throws ModelError `MODEL_BAD_NETWORK` naming the expected and the actual shapes.
 */
export function checkGaussianNetworks(
  networks: VAENetworks,
  config: VAEConfig,
  numClasses: number | undefined,
  context: string,
): void {
  const cond = numClasses === undefined ? {} : { numClasses };
  asModelError(() => {
    checkEncoder(networks.encoder, {
      inputShape: config.inputShape,
      latentDim: config.latentDim,
      head: 'gaussian',
      context,
      ...cond,
    });
    checkDecoder(networks.decoder, {
      latentDim: config.latentDim,
      outputShape: config.inputShape,
      context,
      ...cond,
    });
  });
}
