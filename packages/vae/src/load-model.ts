import { parseAeJson } from './ae-json.js';
import type { AutoencoderModel } from './model.js';
import { ModelError } from './model-error.js';
import type { ModelStore } from './model-store.js';
import { VAE } from './vae.js';

/** Loaders by family name. */
const LOADERS: Record<string, (store: ModelStore) => Promise<AutoencoderModel>> = {
  [VAE.family]: (store) => VAE.load(store),
};

/** The families {@link loadModel} can rebuild. */
export const FAMILIES: readonly string[] = Object.keys(LOADERS);

/**
 * Loads any model saved by this package: reads `ae.json`, picks the family's class
 * and rebuilds it from the saved networks.
 */
export async function loadModel(store: ModelStore): Promise<AutoencoderModel> {
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
