/**
 * Turns what a user passes to `save` / `load` into a {@link ModelStore}.
 */
import type { ModelStore } from '@ae/core';
import { ModelError } from './model-error.js';
import { isModelUrl, urlStore } from './url-store.js';

/**
 * The Node entry, imported by the package's own name (so the built package and its sources
 * both resolve it) only when a directory path is given; a variable, so browser bundles
 * never include `node:fs`.
 */
const NODE_ENTRY = '@ae/vae/node';

/**
 * A store as is; a URL (`indexeddb://`, `localstorage://`, `http(s)://`) as a
 * {@link urlStore}; any other string as a directory on the file system (Node only, via
 * `fileStore` of `@ae/vae/node`; `file://` prefixes are accepted).
 */
export async function resolveStore(target: ModelStore | string): Promise<ModelStore> {
  if (typeof target !== 'string') return target;
  if (isModelUrl(target)) return urlStore(target);
  const scheme = /^([a-z][a-z0-9+.-]+):\/\//i.exec(target)?.[1];
  if (scheme !== undefined && scheme.toLowerCase() !== 'file') {
    throw new ModelError(
      'MODEL_BAD_URL',
      `${target}: "${scheme}://" addresses are not read here; use a directory, file://, http(s)://, indexeddb:// or localstorage://.`,
    );
  }
  const dir = target.startsWith('file://') ? target.slice('file://'.length) : target;
  const node = (await import(/* @vite-ignore */ NODE_ENTRY)) as {
    fileStore(dir: string): ModelStore;
  };
  return node.fileStore(dir);
}
