import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AeJson, ModelStore } from '@ae/core';
import { writeFileAtomic } from '@ae/core/node';
import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from '../model-error.js';

const WEIGHTS_FILE = 'weights.bin';

async function readOrThrow(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelError(
      'MODEL_NOT_FOUND',
      code === 'ENOENT'
        ? `${path}: ${what} not found. Pass the directory a model was saved to (it holds ae.json).`
        : `${path}: cannot read ${what} (${code ?? String(error)}).`,
      { cause: error },
    );
  }
}

/**
 * A {@link ModelStore} on the file system, for Node:
 *
 * ```text
 * dir/ae.json
 * dir/<network>/model.json     tfjs layers-model format
 * dir/<network>/weights.bin
 * ```
 *
 * Every file is written to a temporary name and renamed, so an interrupted save
 * leaves the previous files intact. The `model.json` files load in tfjs as they
 * are (`tf.loadLayersModel('file://…')` in tfjs-node, or over http in a browser).
 */
export function fileStore(dir: string): ModelStore {
  const root = resolve(dir);
  return {
    location: root,
    network(name: string): tf.io.IOHandler {
      const folder = join(root, name);
      return {
        async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
          if (artifacts.modelTopology instanceof ArrayBuffer) {
            throw new ModelError(
              'MODEL_BAD_NETWORK',
              `fileStore: network "${name}" has a binary topology; only layers models can be saved here.`,
            );
          }
          const weightData =
            artifacts.weightData === undefined
              ? new ArrayBuffer(0)
              : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
          const modelJson: tf.io.ModelJSON = {
            modelTopology: artifacts.modelTopology as object,
            format: artifacts.format ?? 'layers-model',
            generatedBy: artifacts.generatedBy ?? '',
            convertedBy: artifacts.convertedBy ?? null,
            weightsManifest: [
              { paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] },
            ],
            ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
            ...(artifacts.userDefinedMetadata
              ? { userDefinedMetadata: artifacts.userDefinedMetadata }
              : {}),
          };
          await writeFileAtomic(join(folder, WEIGHTS_FILE), new Uint8Array(weightData));
          await writeFileAtomic(join(folder, 'model.json'), JSON.stringify(modelJson));
          return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
        },
        async load(): Promise<tf.io.ModelArtifacts> {
          const jsonPath = join(folder, 'model.json');
          const modelJson = JSON.parse(
            (await readOrThrow(jsonPath, `model.json of network "${name}"`)).toString('utf8'),
          ) as tf.io.ModelJSON;
          return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
            const specs: tf.io.WeightsManifestEntry[] = [];
            const buffers: ArrayBuffer[] = [];
            for (const group of manifest) {
              specs.push(...group.weights);
              for (const p of group.paths) {
                const b = await readOrThrow(join(folder, p), `weights file "${p}"`);
                buffers.push(
                  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer,
                );
              }
            }
            return [specs, tf.io.concatenateArrayBuffers(buffers)];
          });
        },
      };
    },
    async writeConfig(config: AeJson): Promise<void> {
      await writeFileAtomic(join(root, 'ae.json'), `${JSON.stringify(config, null, 2)}\n`);
    },
    async readConfig(): Promise<unknown> {
      const path = join(root, 'ae.json');
      const text = (await readOrThrow(path, 'ae.json')).toString('utf8');
      try {
        return JSON.parse(text);
      } catch (error) {
        throw new ModelError(
          'MODEL_BAD_SAVED_CONFIG',
          `${path}: not valid JSON (${String(error)}).`,
          {
            cause: error,
          },
        );
      }
    },
  };
}
