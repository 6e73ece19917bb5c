import type { AeJson, ModelStore } from '@ae/core';
import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from './model-error.js';

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
