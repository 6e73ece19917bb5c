import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackendSpec } from './backend-catalog.js';
import { isModuleNotFound, loadBackendPackage } from './load-backend-package.js';

const notFound = (name: string): Error =>
  Object.assign(new Error(`Cannot find package '${name}' imported from /app/x.js`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });

// A made-up backend name, so the tests never touch real registrations.
const spec: BackendSpec = { name: 'webgpu', packages: ['pkg-gpu', 'pkg'], platforms: ['node'] };

describe('isModuleNotFound', () => {
  it('recognizes a missing package in Node (ESM and CommonJS) and in browsers', () => {
    expect(isModuleNotFound(notFound('@tensorflow/tfjs-node'), '@tensorflow/tfjs-node')).toBe(true);
    const cjs = Object.assign(new Error("Cannot find module '@tensorflow/tfjs-node'"), {
      code: 'MODULE_NOT_FOUND',
    });
    expect(isModuleNotFound(cjs, '@tensorflow/tfjs-node')).toBe(true);
    const browser = new TypeError(
      'Failed to resolve module specifier "@tensorflow/tfjs-backend-webgl".',
    );
    expect(isModuleNotFound(browser, '@tensorflow/tfjs-backend-webgl')).toBe(true);
    const vite = new Error('Could not resolve "@tensorflow/tfjs-node" imported by "@ae/backend".');
    expect(isModuleNotFound(vite, '@tensorflow/tfjs-node')).toBe(true);
  });

  it('does not mistake a broken install (a missing dependency or native file) for a missing package', () => {
    expect(isModuleNotFound(notFound('node-gyp-build'), '@tensorflow/tfjs-node')).toBe(false);
    const binding = Object.assign(
      new Error(
        "Cannot find module '/app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'",
      ),
      { code: 'MODULE_NOT_FOUND' },
    );
    expect(isModuleNotFound(binding, '@tensorflow/tfjs-node')).toBe(false);
    expect(
      isModuleNotFound(
        new Error('libtensorflow.so.2: cannot open shared object file'),
        '@tensorflow/tfjs-node',
      ),
    ).toBe(false);
  });
});

describe('loadBackendPackage', () => {
  afterEach(() => {
    if (tf.findBackendFactory('webgpu') != null) tf.removeBackend('webgpu');
  });

  it('reports not-installed when no package resolves', async () => {
    const outcome = await loadBackendPackage(spec, async (name) => {
      throw notFound(name);
    });
    expect(outcome).toEqual({ kind: 'not-installed', reason: 'pkg-gpu and pkg not installed' });
  });

  it('falls back from a broken first package to the second, which registers the backend', async () => {
    const tried: string[] = [];
    const outcome = await loadBackendPackage(spec, async (name) => {
      tried.push(name);
      if (name === 'pkg-gpu') throw new Error('libcudart.so.11.0: cannot open shared object file');
      tf.registerBackend('webgpu', () => {
        throw new Error('unused');
      });
    });
    expect(tried).toEqual(['pkg-gpu', 'pkg']);
    expect(outcome).toEqual({ kind: 'loaded', packageName: 'pkg' });
  });

  it('reports a failure, with the cause, when packages load but none registers the backend', async () => {
    const cause = new Error('libtensorflow missing');
    const outcome = await loadBackendPackage(spec, async (name) => {
      if (name === 'pkg-gpu') throw notFound(name);
      throw cause;
    });
    expect(outcome.kind).toBe('failed');
    if (outcome.kind !== 'failed') return;
    expect(outcome.packageName).toBe('pkg');
    expect(outcome.cause).toBe(cause);
    expect(outcome.reason).toContain('pkg failed to load: libtensorflow missing');
    expect(outcome.reason).toContain('pkg-gpu not installed');
  });

  it('explains a second copy of tfjs-core when the package loads but registers nothing here', async () => {
    const outcome = await loadBackendPackage({ ...spec, packages: ['pkg'] }, async () => undefined);
    expect(outcome.kind).toBe('failed');
    if (outcome.kind === 'failed') expect(outcome.reason).toContain('npm dedupe');
  });

  it('uses a backend the app registered itself without importing anything', async () => {
    tf.registerBackend('webgpu', () => {
      throw new Error('unused');
    });
    const outcome = await loadBackendPackage({ ...spec, packages: ['pkg'] }, async () => {
      throw new Error('must not be called');
    });
    expect(outcome).toEqual({ kind: 'loaded', packageName: 'pkg' });
  });
});
