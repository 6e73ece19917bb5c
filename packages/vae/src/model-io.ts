/**
 * Saving and loading shared by every model family: networks as tfjs layers models plus
 * `ae.json`, to a {@link ModelStore}, a directory or a browser URL.
 */

import type { AeJson, AeJsonIo, AeJsonPrior, AeJsonWeights, ModelStore, SaveExtra } from '@ae/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { makeAeJson, parseAeJson } from './ae-json.js';
import { ModelError } from './model-error.js';
import { resolveStore } from './resolve-store.js';
import { checksumOf, checkWeights, weightBytes } from './weights-check.js';

/** Name and meaning of one input or output of a network; the shape is read from the network. */
export interface TensorMeaning {
  name: string;
  description: string;
}

/**
 * What a family says about its saved networks for `ae.json`'s `io`: the input scaling, the
 * meaning of each network's inputs and outputs (in tfjs order), and the prior.
 */
export interface IoDescription {
  input: { range: [number, number] | null; scaling: string };
  networks: Record<string, { inputs: TensorMeaning[]; outputs: TensorMeaning[] }>;
  prior: AeJsonPrior;
}

const shapeOf = (s: tfl.SymbolicTensor) => s.shape.map((d) => (d === null ? null : Number(d)));

/** The `io` of ae.json: the family's words with the networks' own shapes. */
function ioOf(
  networks: Record<string, tfl.LayersModel>,
  inputShape: readonly number[],
  d: IoDescription | undefined,
): AeJsonIo {
  const out: AeJsonIo['networks'] = {};
  for (const [name, net] of Object.entries(networks)) {
    const words = d?.networks[name];
    const side = (list: tfl.SymbolicTensor[], meaning: TensorMeaning[] | undefined, k: string) =>
      list.map((t, i) => ({
        name: meaning?.[i]?.name ?? `${k}${i}`,
        shape: shapeOf(t),
        description: meaning?.[i]?.description ?? 'not described by the model family',
      }));
    out[name] = {
      inputs: side(net.inputs, words?.inputs, 'input'),
      outputs: side(net.outputs, words?.outputs, 'output'),
    };
  }
  return {
    input: {
      shape: [...inputShape],
      dtype: 'float32',
      range: d?.input.range ?? null,
      scaling: d?.input.scaling ?? 'not described by the model family',
    },
    networks: out,
    prior: d?.prior ?? { kind: 'none', description: 'not described by the model family' },
  };
}

/**
 * Saves `networks` (by name) and the `ae.json` of a model of `family` with `config`, with a
 * SHA-256 of each network's weights and the `io` description. Stores that can (a directory)
 * save the whole model as one unit; others get the networks first and `ae.json` last, so a
 * store with an `ae.json` always has its networks.
 */
export async function saveModel(
  target: ModelStore | string,
  family: string,
  config: object,
  networks: Record<string, tfl.LayersModel>,
  extra: SaveExtra = {},
  io?: IoDescription,
): Promise<void> {
  const store = await resolveStore(target);
  const c = config as Record<string, unknown>;
  const inputShape = Array.isArray(c.inputShape) ? (c.inputShape as number[]) : [];
  const write = async (into: ModelStore) => {
    const weights: Record<string, AeJsonWeights> = {};
    for (const [name, network] of Object.entries(networks)) {
      const inner = into.network(name);
      await network.save({
        save: async (artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> => {
          weights[name] = await checksumOf(weightBytes(artifacts));
          if (!inner.save) throw new ModelError('MODEL_BAD_INPUT', `${into.location}: read only.`);
          return inner.save(artifacts);
        },
      });
    }
    await into.writeConfig(
      makeAeJson(family, { ...c }, Object.keys(networks), extra.dataset, {
        weights,
        io: ioOf(networks, inputShape, io),
      }),
    );
  };
  if (store.saveAtomic) await store.saveAtomic(write);
  else await write(store);
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

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Loads network `name` of a saved model: its artifacts from the store, the weight checks
 * (length, the checksum `ae.json` recorded, finite values), then the tfjs model.
 */
async function loadNetwork(
  store: ModelStore,
  aeJson: AeJson,
  name: string,
): Promise<tfl.LayersModel> {
  const where = `${store.location}/${name}`;
  const handler = store.network(name);
  let artifacts: tf.io.ModelArtifacts;
  try {
    if (!handler.load) throw new Error('the store cannot load networks');
    artifacts = await handler.load();
  } catch (error) {
    if (error instanceof ModelError) throw error;
    throw new ModelError(
      'MODEL_BAD_SAVED_NETWORK',
      `${where}/model.json: cannot load network "${name}" (${messageOf(error)}). Save the model again, or restore the folder from a copy.`,
      { cause: error },
    );
  }
  await checkWeights(
    `${where}/weights.bin`,
    name,
    artifacts.weightSpecs ?? [],
    weightBytes(artifacts),
    aeJson.weights?.[name],
  );
  try {
    return await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw new ModelError(
      'MODEL_BAD_SAVED_NETWORK',
      `${where}/model.json: tfjs cannot build network "${name}" from it (${messageOf(error)}). Save the model again, or restore the folder from a copy.`,
      { cause: error },
    );
  }
}

/**
 * Reads `ae.json`, checks that its family is `family` (unless `family` is undefined),
 * and loads every network it lists, verifying their weights.
 *
 * @throws ModelError `MODEL_UNKNOWN_FAMILY` naming both families, `MODEL_NOT_FOUND`,
 *   `MODEL_BAD_SAVED_CONFIG`, `MODEL_BAD_SAVED_NETWORK`, `MODEL_CHECKSUM_MISMATCH`,
 *   `MODEL_NON_FINITE_WEIGHTS`.
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
  try {
    for (const name of aeJson.networks) {
      networks[name] = await loadNetwork(store, aeJson, name);
    }
  } catch (error) {
    for (const n of Object.values(networks)) n.dispose();
    throw error;
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
