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
        const http = tf.io.http(`${base}/${name}/model.json`);
        return { load: () => http.load?.() as Promise<tf.io.ModelArtifacts>, save: refuse };
      },
      writeConfig: refuse,
      async readConfig(): Promise<unknown> {
        const response = await fetch(`${base}/ae.json`);
        if (!response.ok) {
          throw new ModelError(
            'MODEL_NOT_FOUND',
            `${base}/ae.json: HTTP ${response.status}. Point at a directory written by 'ae export' or model.save().`,
          );
        }
        return response.json();
      },
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
    'MODEL_NOT_FOUND',
    `${url}: not a model URL; expected one of ${URL_SCHEMES.join(', ')}, a directory (Node) or a ModelStore.`,
  );
}
