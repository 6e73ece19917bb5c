/**
 * Stores addressed by a URL, for browsers: `indexeddb://name`, `localstorage://name`
 * (read and write) and `http(s)://…/dir` (read only — what a static host serves, e.g. the
 * output of `ae export`).
 */

import type { AeJson, ModelStore } from '@ae/core';
import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from './model-error.js';

/** The URL schemes {@link urlStore} understands. */
export const URL_SCHEMES = ['indexeddb://', 'localstorage://', 'http://', 'https://'] as const;

/** True when `target` starts with one of {@link URL_SCHEMES}. */
export function isModelUrl(target: string): boolean {
  return URL_SCHEMES.some((s) => target.startsWith(s));
}

const HINT = "Point at a directory written by 'ae export' or model.save().";

/** `fetch` that names the URL when the host cannot be reached or answers with an error status. */
async function fetchOk(url: string, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new ModelError(
      'MODEL_UNREACHABLE',
      `${url}: cannot fetch ${what}: the host did not answer (${why}). Check the address and that the server is running.`,
      { cause: error },
    );
  }
  if (!response.ok) {
    throw new ModelError(
      'MODEL_NOT_FOUND',
      `${url}: HTTP ${response.status} ${response.statusText} for ${what}. ${HINT}`,
    );
  }
  return response;
}

/** Fetches and parses JSON, naming the URL when the answer is not JSON (e.g. an HTML page). */
async function fetchJson(url: string, what: string): Promise<unknown> {
  const response = await fetchOk(url, what);
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    const type = response.headers.get('content-type') ?? 'no content type';
    const start = JSON.stringify(text.slice(0, 40).replace(/\s+/g, ' '));
    throw new ModelError(
      'MODEL_BAD_SAVED_CONFIG',
      `${url}: the server answered with ${type}, not the JSON of ${what} (it starts ${start}). ${HINT}`,
    );
  }
}

function browserStorage(url: string): Storage {
  const storage = (globalThis as { localStorage?: Storage }).localStorage;
  if (storage === undefined) {
    throw new ModelError(
      'MODEL_NOT_FOUND',
      `${url}: this environment has no localStorage, where ae.json of a browser-stored model lives. Use a directory in Node.`,
    );
  }
  return storage;
}

/**
 * A {@link ModelStore} at a URL. For `indexeddb://name` and `localstorage://name` each
 * network is stored under `name/<network>` by tfjs and `ae.json` in `localStorage` under
 * `ae-json:name`. For `http(s)://host/dir`, networks load from `dir/<network>/model.json`
 * and the config from `dir/ae.json`.
 *
 * @throws ModelError `MODEL_NOT_FOUND` for a URL with another scheme.
 */
export function urlStore(url: string): ModelStore {
  const base = url.replace(/\/+$/, '');
  const refuse = async (): Promise<never> => {
    throw new ModelError(
      'MODEL_BAD_INPUT',
      `${base}: models cannot be saved over http(s); save to a directory (Node) or indexeddb:// (browser).`,
    );
  };
  if (base.startsWith('http://') || base.startsWith('https://')) {
    return {
      location: base,
      network: (name) => {
        const url = `${base}/${name}/model.json`;
        return {
          load: async () => {
            // Fetched here, so that an HTML page or a dead host is named as such.
            const modelJson = (await fetchJson(url, `model.json of network "${name}"`)) as
              | tf.io.ModelJSON
              | undefined;
            if (
              typeof modelJson !== 'object' ||
              modelJson === null ||
              !Array.isArray(modelJson.weightsManifest)
            ) {
              throw new ModelError(
                'MODEL_BAD_SAVED_NETWORK',
                `${url}: not a tfjs layers model.json (no "weightsManifest" array). Point at a directory written by 'ae export' or model.save().`,
              );
            }
            return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
              const specs: tf.io.WeightsManifestEntry[] = [];
              const buffers: ArrayBuffer[] = [];
              for (const group of manifest) {
                specs.push(...group.weights);
                for (const p of group.paths) {
                  const r = await fetchOk(new URL(p, url).href, `weights of network "${name}"`);
                  buffers.push(await r.arrayBuffer());
                }
              }
              return [specs, tf.io.concatenateArrayBuffers(buffers)];
            });
          },
          save: refuse,
        };
      },
      writeConfig: refuse,
      readConfig: () => fetchJson(`${base}/ae.json`, 'ae.json'),
    };
  }
  if (base.startsWith('indexeddb://') || base.startsWith('localstorage://')) {
    const key = `ae-json:${base.slice(base.indexOf('://') + 3)}`;
    return {
      location: base,
      network: (name) => {
        const handlers = tf.io.getSaveHandlers(`${base}/${name}`);
        const loaders = tf.io.getLoadHandlers(`${base}/${name}`);
        const save = handlers[0];
        const load = loaders[0];
        if (save === undefined || load === undefined) {
          throw new ModelError(
            'MODEL_NOT_FOUND',
            `${base}: tfjs has no handler for this URL here (IndexedDB / localStorage exist only in browsers).`,
          );
        }
        return {
          save: (a) => save.save?.(a) as Promise<tf.io.SaveResult>,
          load: () => load.load?.() as Promise<tf.io.ModelArtifacts>,
        };
      },
      async writeConfig(config: AeJson): Promise<void> {
        browserStorage(base).setItem(key, JSON.stringify(config));
      },
      async readConfig(): Promise<unknown> {
        const text = browserStorage(base).getItem(key);
        if (text === null) {
          throw new ModelError(
            'MODEL_NOT_FOUND',
            `${base}: no model was saved here (no ${key} in localStorage).`,
          );
        }
        return JSON.parse(text);
      },
    };
  }
  throw new ModelError(
    'MODEL_BAD_URL',
    `${url}: not a model URL; expected one of ${URL_SCHEMES.join(', ')}, a directory (Node) or a ModelStore.`,
  );
}
