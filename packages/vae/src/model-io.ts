/**
 * Saving and loading shared by every model family: networks as tfjs layers models plus
 * `ae.json`, to a {@link ModelStore}, a directory or a browser URL.
 */

import type { AeJson, ModelStore, SaveExtra } from '@ae/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { makeAeJson, parseAeJson } from './ae-json.js';
import { ModelError } from './model-error.js';
import { resolveStore } from './resolve-store.js';

/**
 * Saves `networks` (by name) and the `ae.json` of a model of `family` with `config`.
 * Networks are written first and `ae.json` last, so a store with an `ae.json` always has
 * its networks.
 */
export async function saveModel(
  target: ModelStore | string,
  family: string,
  config: object,
  networks: Record<string, tfl.LayersModel>,
  extra: SaveExtra = {},
): Promise<void> {
  const store = await resolveStore(target);
  for (const [name, network] of Object.entries(networks)) {
    await network.save(store.network(name));
  }
  await store.writeConfig(
    makeAeJson(
      family,
      { ...(config as Record<string, unknown>) },
      Object.keys(networks),
      extra.dataset,
    ),
  );
}

/** A model's `ae.json` and its loaded networks. */
export interface LoadedModel {
  /** The validated `ae.json`. */
  aeJson: AeJson;
  /** The saved networks by name. */
  networks: Record<string, tfl.LayersModel>;
  /** The resolved store, for messages. */
  store: ModelStore;
}

/**
 * Reads `ae.json`, checks that its family is `family` (unless `family` is undefined),
 * and loads every network it lists.
 *
 * @throws ModelError `MODEL_UNKNOWN_FAMILY` naming both families, `MODEL_NOT_FOUND`,
 *   `MODEL_BAD_SAVED_CONFIG`.
 */
export async function loadSaved(
  target: ModelStore | string,
  family?: string,
  loadHint = 'loadModel()',
): Promise<LoadedModel> {
  const store = await resolveStore(target);
  const aeJson = parseAeJson(await store.readConfig(), `${store.location}/ae.json`);
  if (family !== undefined && aeJson.family !== family) {
    throw new ModelError(
      'MODEL_UNKNOWN_FAMILY',
      `${store.location}/ae.json: family is "${aeJson.family}", not "${family}"; use ${loadHint} to load any family.`,
    );
  }
  const networks: Record<string, tfl.LayersModel> = {};
  for (const name of aeJson.networks) {
    networks[name] = await tfl.loadLayersModel(store.network(name));
  }
  return { aeJson, networks, store };
}

/** Throws `MODEL_BAD_SAVED_CONFIG` unless the loaded networks include every name in `names`. */
export function requireNetworks(
  loaded: LoadedModel,
  names: readonly string[],
): Record<string, tfl.LayersModel> {
  for (const name of names) {
    if (loaded.networks[name] === undefined) {
      throw new ModelError(
        'MODEL_BAD_SAVED_CONFIG',
        `${loaded.store.location}/ae.json: family "${loaded.aeJson.family}" needs network "${name}", but only ${Object.keys(loaded.networks).join(', ')} were saved.`,
      );
    }
  }
  return loaded.networks;
}
