import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { AeJson, ModelStore } from '@ae/core';
import { recoverDir, replaceEntriesAtomic, writeFileAtomic } from '@ae/core/node';
import * as tf from '@tensorflow/tfjs-core';
import { parseAeJson } from '../ae-json.js';
import { ModelError } from '../model-error.js';
import { checksumOf } from '../weights-check.js';

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

/** Parses the JSON file at `path` (`what` names it), or throws `code` naming the file. */
async function readJson(
  path: string,
  what: string,
  code: 'MODEL_BAD_SAVED_CONFIG' | 'MODEL_BAD_SAVED_NETWORK',
): Promise<unknown> {
  const text = (await readOrThrow(path, what)).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ModelError(
      code,
      `${path}: ${what} is not valid JSON (${(error as Error).message}${text.length === 0 ? '; the file is empty' : ''}). The file is damaged: save the model again, or restore the folder from a copy.`,
      { cause: error },
    );
  }
}

/** Unit name of the swap that saves a model into its directory. */
const UNIT = 'ae-model';

/**
 * Re-reads a model just written into `dir` and checks every weights file against the
 * SHA-256 its `ae.json` records, so that only a verified model replaces the old one.
 */
async function verifySaved(dir: string): Promise<void> {
  const aeJson = parseAeJson(
    await readJson(join(dir, 'ae.json'), 'ae.json', 'MODEL_BAD_SAVED_CONFIG'),
    join(dir, 'ae.json'),
  );
  for (const name of aeJson.networks) {
    const bytes = await readOrThrow(join(dir, name, WEIGHTS_FILE), `weights of "${name}"`);
    const got = await checksumOf(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    if (got.sha256 !== aeJson.weights?.[name]?.sha256) {
      throw new ModelError(
        'MODEL_CHECKSUM_MISMATCH',
        `${join(dir, name, WEIGHTS_FILE)}: the file just written reads back with another SHA-256; the disk did not keep what was written. Nothing was replaced.`,
      );
    }
  }
}

/** Names of the networks of the model saved in `root` now (none when it has no readable ae.json). */
async function savedNetworks(root: string): Promise<string[]> {
  try {
    const v = JSON.parse(await readFile(join(root, 'ae.json'), 'utf8')) as { networks?: unknown };
    // Only plain folder names: a damaged ae.json must not make the swap touch other paths.
    return Array.isArray(v.networks)
      ? v.networks.filter((n) => typeof n === 'string' && /^[A-Za-z0-9_-]+$/.test(n))
      : [];
  } catch {
    return [];
  }
}

/**
 * Finishes or undoes a save that a killed process left in `root` (and a swap of `root`
 * itself, e.g. a `best/` folder being replaced), so that a complete model is at `root`.
 */
async function recover(root: string): Promise<void> {
  await recoverDir(dirname(root), basename(root));
  await recoverDir(root, UNIT);
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
 * `model.save(dir)` saves as one unit (`saveAtomic`): the whole model is written into a
 * temporary folder inside `dir`, read back and checked against its checksums, and only then
 * swapped in by renames; a process killed at any moment leaves the old model or the new one,
 * and the next load or save of `dir` finishes or undoes what it left. Other files in `dir`
 * (a run's metrics, checkpoints) are not touched. The `model.json` files load in tfjs as they
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
          await recover(root);
          const jsonPath = join(folder, 'model.json');
          const what = `model.json of network "${name}"`;
          const modelJson = (await readJson(jsonPath, what, 'MODEL_BAD_SAVED_NETWORK')) as
            | tf.io.ModelJSON
            | undefined;
          if (
            typeof modelJson !== 'object' ||
            modelJson === null ||
            typeof modelJson.modelTopology !== 'object' ||
            !Array.isArray(modelJson.weightsManifest)
          ) {
            throw new ModelError(
              'MODEL_BAD_SAVED_NETWORK',
              `${jsonPath}: ${what} has no "modelTopology" object and "weightsManifest" array; it is not a tfjs layers model. Save the model again, or restore the folder from a copy.`,
            );
          }
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
      await recover(root);
      const path = join(root, 'ae.json');
      if (!existsSync(path)) {
        const saving = (await readdir(root).catch(() => [] as string[])).find((n) =>
          n.startsWith(`.${UNIT}.`),
        );
        if (saving) {
          throw new ModelError(
            'MODEL_NOT_FOUND',
            `${path}: not found while another process is saving a model here (${saving}); try again when it has finished.`,
          );
        }
      }
      return readJson(path, 'ae.json', 'MODEL_BAD_SAVED_CONFIG');
    },
    async saveAtomic(write: (staging: ModelStore) => Promise<void>): Promise<void> {
      const retire = await savedNetworks(root);
      await replaceEntriesAtomic(
        root,
        UNIT,
        async (staging) => {
          await write(fileStore(staging));
          await verifySaved(staging);
        },
        { commit: 'ae.json', retire },
      );
    },
  };
}
