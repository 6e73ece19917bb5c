/**
 * The saved-model format: where a model is written (a {@link ModelStore}) and the `ae.json`
 * that sits beside its networks, enough to rebuild the model with no other input.
 */
import type * as tf from '@tensorflow/tfjs-core';

/** Current version of the `ae.json` format. */
export const AE_JSON_FORMAT_VERSION = 1;

/**
 * The config saved beside a model's networks (`ae.json`). Each network is a tfjs
 * `model.json` + weights loadable with `tf.loadLayersModel`.
 */
export interface AeJson {
  /** Always `'ae-model'`. */
  format: 'ae-model';
  /** Version of this format; loaders refuse newer versions. */
  formatVersion: number;
  /** Package and version that wrote the model. */
  library: { name: string; version: string };
  /** Model family, e.g. `'vae'`; picks the class that loads it. */
  family: string;
  /** The family's hyper-parameters, as given to its constructor. */
  config: Record<string, unknown>;
  /** Names of the saved networks, each a tfjs `model.json` + weights. */
  networks: string[];
  /** The data the model was trained on, if known (class names index the labels). */
  dataset?: { name: string; shape: number[]; classNames?: string[] };
  /** ISO time of saving. */
  createdAt: string;
}

/**
 * Where a model is saved: one tfjs IO handler per network plus the `ae.json` config.
 * `fileStore(dir)` (from `@ae/vae/node`) writes a directory; `memoryStore()` (from
 * `@ae/vae`) keeps everything in memory.
 */
export interface ModelStore {
  /** Where the store points, for messages, e.g. a directory path. */
  readonly location: string;
  /** A tfjs IO handler that saves and loads the network called `name`. */
  network(name: string): tf.io.IOHandler;
  /** Writes the model's `ae.json`. */
  writeConfig(config: AeJson): Promise<void>;
  /** Reads the model's `ae.json` (unvalidated JSON). */
  readConfig(): Promise<unknown>;
}
