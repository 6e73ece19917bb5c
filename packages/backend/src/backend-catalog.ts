/**
 * The backends this package knows: which npm packages provide them, where they
 * run, and the order tried when the caller does not choose.
 */
import type { Platform } from './platform.js';

/** A tfjs backend this package can select. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu' | 'webgpu' | 'webgl';

/** What this package knows about one backend. */
export interface BackendSpec {
  /** The tfjs backend name. */
  readonly name: BackendName;
  /** npm packages that register it, tried in order (tfjs-node-gpu before tfjs-node). */
  readonly packages: readonly string[];
  /** Platforms it can run on. */
  readonly platforms: readonly Platform[];
  /** A note added to "not installed" errors, e.g. about a native download. */
  readonly installNote?: string;
}

/** Every known backend, by name. */
export const backendCatalog: Readonly<Record<BackendName, BackendSpec>> = {
  tensorflow: {
    name: 'tensorflow',
    packages: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'],
    platforms: ['node'],
    installNote:
      'Its install script downloads libtensorflow (a native library, about 100 MB) from Google storage, ' +
      'so the install needs internet access; use @tensorflow/tfjs-node-gpu instead for CUDA GPUs.',
  },
  wasm: {
    name: 'wasm',
    packages: ['@tensorflow/tfjs-backend-wasm'],
    platforms: ['node', 'browser'],
  },
  cpu: { name: 'cpu', packages: ['@tensorflow/tfjs-backend-cpu'], platforms: ['node', 'browser'] },
  // In Node these need a WebGPU / WebGL implementation; they are only tried there on request.
  webgpu: {
    name: 'webgpu',
    packages: ['@tensorflow/tfjs-backend-webgpu'],
    platforms: ['browser', 'node'],
  },
  webgl: {
    name: 'webgl',
    packages: ['@tensorflow/tfjs-backend-webgl'],
    platforms: ['browser', 'node'],
  },
};

/** Every accepted backend name. */
export const backendNames: readonly BackendName[] = Object.keys(backendCatalog) as BackendName[];

/** The order tried by default, fastest first. */
export const defaultBackendOrder: Readonly<Record<Platform, readonly BackendName[]>> = {
  node: ['tensorflow', 'wasm', 'cpu'],
  browser: ['webgpu', 'webgl', 'wasm', 'cpu'],
};

/** True when `name` is a {@link BackendName}. */
export function isBackendName(name: unknown): name is BackendName {
  return typeof name === 'string' && Object.hasOwn(backendCatalog, name);
}

/** The shell command that installs the package of `spec` (its last, CPU-only package). */
export function installCommand(spec: BackendSpec): string {
  return `npm i ${spec.packages[spec.packages.length - 1] ?? ''}`;
}
