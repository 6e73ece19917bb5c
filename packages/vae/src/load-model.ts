import type { AutoencoderModel, ModelStore } from '@ae/core';
import { parseAeJson } from './ae-json.js';
import { Autoencoder } from './autoencoder.js';
import { ConditionalVAE } from './conditional-vae.js';
import { ModelError } from './model-error.js';
import { resolveStore } from './resolve-store.js';
import { VAE } from './vae.js';
import { VQVAE } from './vqvae.js';

/** Loaders by family name. */
const LOADERS: Record<string, (store: ModelStore) => Promise<AutoencoderModel>> = {
  [VAE.family]: (store) => VAE.load(store),
  [ConditionalVAE.family]: (store) => ConditionalVAE.load(store),
  [Autoencoder.family]: (store) => Autoencoder.load(store),
  [VQVAE.family]: (store) => VQVAE.load(store),
};

/** The families {@link loadModel} can rebuild. */
export const FAMILIES: readonly string[] = Object.keys(LOADERS);

/**
 * Loads any model saved by this package: reads `ae.json`, picks the family's class
 * and rebuilds it from the saved networks. `target` is a {@link ModelStore}, a directory
 * (Node), or an `indexeddb://`, `localstorage://` or `http(s)://` URL (browser).
 *
 * @throws ModelError `MODEL_NOT_FOUND`, `MODEL_BAD_SAVED_CONFIG`, `MODEL_UNKNOWN_FAMILY`.
 */
export async function loadModel(target: ModelStore | string): Promise<AutoencoderModel> {
  const store = await resolveStore(target);
  const aeJson = parseAeJson(await store.readConfig(), `${store.location}/ae.json`);
  const load = LOADERS[aeJson.family];
  if (!load) {
    throw new ModelError(
      'MODEL_UNKNOWN_FAMILY',
      `${store.location}/ae.json: unknown family "${aeJson.family}"; this version loads ${FAMILIES.join(', ')}.`,
    );
  }
  return load(store);
}
