/**
 * The saved-model format: where a model is written (a {@link ModelStore}) and the `ae.json`
 * that sits beside its networks, enough to rebuild the model with no other input.
 */
import type * as tf from '@tensorflow/tfjs-core';

/**
 * Current version of the `ae.json` format. Version 2 added `weights` (a SHA-256 checksum per
 * network's weights) and `io` (what each network takes and returns, the input scaling and the
 * prior). Loaders read versions 1 and 2. The JSON Schema of version 2 is
 * `@ae/core/schema/ae-json-2.schema.json`.
 */
export const AE_JSON_FORMAT_VERSION = 2;

/** The checksum of one network's weights: its `weights.bin` (all shards, in manifest order). */
export interface AeJsonWeights {
  /** SHA-256 of the bytes, lowercase hex. */
  sha256: string;
  /** Length in bytes. */
  bytes: number;
}

/** One input or output tensor of a saved network, for a reader using plain tfjs. */
export interface AeJsonTensor {
  /** Name, e.g. `'x'`, `'mean'`, `'logVariance'`, `'logits'`. */
  name: string;
  /** Shape, `null` for the batch dimension, as tfjs reports it. */
  shape: (number | null)[];
  /** What the values are, in words (and what to apply to them). */
  description: string;
}

/** What a saved network takes and returns, in the order of its tfjs inputs and outputs. */
export interface AeJsonNetworkIo {
  inputs: AeJsonTensor[];
  outputs: AeJsonTensor[];
}

/** The prior over latent codes a model samples from. */
export interface AeJsonPrior {
  /**
   * `'standard-normal'`: z ~ N(0, I) of `dim` dimensions; `'categorical'`: code indices
   * from the fitted per-position distribution in `config.prior`; `'none'`: the model has no
   * prior to sample from.
   */
  kind: 'standard-normal' | 'categorical' | 'none';
  /** Dimension of z, for `'standard-normal'`. */
  dim?: number;
  /** In words. */
  description: string;
}

/** How to use a saved model's networks without this library. */
export interface AeJsonIo {
  /** One example as the encoder takes it. */
  input: {
    /** `[height, width, channels]` or `[features]`. */
    shape: number[];
    dtype: 'float32';
    /** Range of the values (`[0, 1]` for pixels), or `null` for any finite number. */
    range: [number, number] | null;
    /** How raw data becomes the input, in words (e.g. 8-bit pixels divided by 255). */
    scaling: string;
  };
  /** Per saved network. */
  networks: Record<string, AeJsonNetworkIo>;
  prior: AeJsonPrior;
}

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
  /** Checksum of each network's weights, verified on load (format 2; absent in format 1). */
  weights?: Record<string, AeJsonWeights>;
  /** What the networks take and return (format 2; absent in format 1). */
  io?: AeJsonIo;
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
  /**
   * Optional: saves a whole model as one unit. `write(staging)` saves every network and
   * `ae.json` into `staging`; the store then puts them in place so that readers see the old
   * model or the whole new one, never a mix (e.g. a directory swapped in by renames).
   * Stores without it are written network by network, `ae.json` last.
   */
  saveAtomic?(write: (staging: ModelStore) => Promise<void>): Promise<void>;
}
