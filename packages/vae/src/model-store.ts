import * as tf from '@tensorflow/tfjs-core';
import type { AeJson } from './ae-json.js';
import { ModelError } from './model-error.js';

/**
 * Where a model is saved: one tfjs IO handler per network plus the `ae.json`
 * config. `fileStore(dir)` (from `@ae/vae/node`) writes a directory; `memoryStore()`
 * keeps everything in memory (tests, or a page that passes models around).
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

/** A {@link ModelStore} held in memory. */
export interface MemoryStore extends ModelStore {
  /** The saved artifacts by network name. */
  readonly artifacts: Map<string, tf.io.ModelArtifacts>;
}

/** Creates an empty in-memory {@link ModelStore}. */
export function memoryStore(): MemoryStore {
  const artifacts = new Map<string, tf.io.ModelArtifacts>();
  let config: string | undefined;
  return {
    location: 'memory',
    artifacts,
    network(name: string): tf.io.IOHandler {
      return {
        async save(a: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
          artifacts.set(name, a);
          return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
        },
        async load(): Promise<tf.io.ModelArtifacts> {
          const a = artifacts.get(name);
          if (!a) {
            throw new ModelError(
              'MODEL_NOT_FOUND',
              `memory store: no network "${name}" was saved.`,
            );
          }
          return a;
        },
      };
    },
    async writeConfig(c: AeJson): Promise<void> {
      config = JSON.stringify(c);
    },
    async readConfig(): Promise<unknown> {
      if (config === undefined) {
        throw new ModelError('MODEL_NOT_FOUND', 'memory store: no ae.json was saved.');
      }
      return JSON.parse(config);
    },
  };
}
