import type { ModelStore } from '@ae/core';
import type { VAENetworks } from './gaussian-networks.js';
import { ModelError } from './model-error.js';
import { loadSaved, requireNetworks } from './model-io.js';

/**
 * Loads the `ae.json` and the `encoder` / `decoder` networks of a Gaussian-latent model
 * of `family` and rebuilds it with `make`. A saved config that no longer validates
 * becomes `MODEL_BAD_SAVED_CONFIG` naming the file; the loaded networks are freed on
 * any failure.
 *
 * @throws ModelError `MODEL_UNKNOWN_FAMILY`, `MODEL_NOT_FOUND`, `MODEL_BAD_SAVED_CONFIG`,
 *   `MODEL_BAD_NETWORK`.
 */
export async function loadGaussianModel<M>(
  target: ModelStore | string,
  family: string,
  make: (config: unknown, networks: VAENetworks) => M,
): Promise<M> {
  const loaded = await loadSaved(target, family);
  try {
    const { encoder, decoder } = requireNetworks(loaded, ['encoder', 'decoder']);
    return make(loaded.aeJson.config, { encoder, decoder } as VAENetworks);
  } catch (error) {
    for (const network of Object.values(loaded.networks)) network.dispose();
    if (error instanceof ModelError && error.code === 'MODEL_BAD_CONFIG') {
      throw new ModelError(
        'MODEL_BAD_SAVED_CONFIG',
        `${loaded.store.location}/ae.json: ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
}
