/**
 * `initBackend`: choose and activate the fastest TensorFlow.js backend present,
 * then register the training kernels it lacks.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  type BackendName,
  type BackendSpec,
  backendCatalog,
  backendNames,
  defaultBackendOrder,
  installCommand,
  isBackendName,
} from './backend-catalog.js';
import { BackendError } from './backend-error.js';
import { replacedKernels, replaceFaultyKernels } from './kernels/kernel-fixes.js';
import { registerMissingKernels } from './kernels/register.js';
import { loadBackendPackage } from './load-backend-package.js';
import {
  installNativeKernels,
  type NativeKernelsInfo,
  type NativeOptions,
  uninstallNativeKernels,
} from './native/install-native.js';
import { detectPlatform, type Platform } from './platform.js';

export type { BackendName } from './backend-catalog.js';

/** Options for {@link initBackend}. */
export interface InitBackendOptions {
  /**
   * A backend or an ordered list to try; default: the fastest present for the
   * platform (Node: tensorflow → wasm → cpu; browser: webgpu → webgl → wasm → cpu).
   * When given, a backend that cannot be used is an error rather than a fallback
   * (for a list: when none of them can be used).
   */
  prefer?: BackendName | readonly BackendName[];
  /**
   * Replace the backend's kernels that give wrong results or are far slower than
   * a composite (see `kernelFixes`); default true. Set false to run tfjs's own
   * kernels, e.g. to compare; kernels replaced earlier in the process stay replaced.
   */
  replaceFaultyKernels?: boolean;
  /**
   * Native kernels under the wasm backend in Node (matrix products, convolutions and their
   * gradients, bias-gradient sums, pooling and upsampling gradients; OpenBLAS from the
   * optional platform package `@ae/backend-native-<platform>`). Default true, with 1
   * OpenBLAS thread; `{ threads: 2 }` for more; false for wasm's own kernels (native ones
   * installed earlier are removed again). Defaults to false with `replaceFaultyKernels: false`
   * or when the environment variable `AE_NATIVE_KERNELS` is `0`. Where no binary exists the wasm kernels stay
   * and `info.native.note` says why.
   */
  native?: boolean | NativeOptions;
}

/** What {@link initBackend} chose. */
export interface BackendInfo {
  /** The backend now active, e.g. 'wasm'. */
  name: BackendName;
  /** 'node' or 'browser'. */
  platform: 'node' | 'browser';
  /** The npm package that provides it, e.g. '@tensorflow/tfjs-backend-wasm'. */
  packageName: string;
  /** Backends tried before this one and why each was skipped. */
  skipped: Array<{ name: BackendName; reason: string }>;
  /** Kernels this package registered for the backend because it lacked them. */
  addedKernels: string[];
  /** Kernels this package replaced because the backend's own gave wrong results or were far slower (see `kernelFixes`). */
  replacedKernels: string[];
  /**
   * The native kernels under wasm in Node: which run natively (`kernels`), or why none do
   * (`note`, one line). Undefined for other backends and in browsers.
   */
  native?: NativeKernelsInfo;
}

/** Why one candidate was not used. */
interface Miss {
  name: BackendName;
  kind: 'platform' | 'not-installed' | 'failed';
  reason: string;
  cause?: unknown;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Chooses and activates a TensorFlow.js backend, then registers the kernels it
 * lacks for training (e.g. `Conv2DBackpropFilter` on wasm) and replaces kernels
 * that are wrong or far too slow (e.g. `MaxPoolGrad`, `Conv2DBackpropInput` on
 * wasm; see `kernelFixes`). Safe to call again and
 * concurrently: calls run one after another, and repeating a call is cheap.
 *
 * @example
 * const info = await initBackend();            // Node: 'wasm' unless tfjs-node is installed
 * await initBackend({ prefer: 'cpu' });         // exactly cpu, or a BackendError
 * await initBackend({ prefer: ['webgpu', 'wasm'] });
 * @throws {BackendError} `BACKEND_UNKNOWN`, `BACKEND_NOT_INSTALLED`,
 *   `BACKEND_UNSUPPORTED_PLATFORM` or `BACKEND_INIT_FAILED`.
 */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const run = queue.then(() => initOnce(options));
  queue = run.catch(() => undefined);
  return run;
}

function candidates(
  prefer: InitBackendOptions['prefer'],
  platform: Platform,
): readonly BackendName[] {
  if (prefer === undefined) return defaultBackendOrder[platform];
  const list: readonly unknown[] =
    typeof prefer === 'string' ? [prefer] : Array.isArray(prefer) ? prefer : [prefer];
  const accepted = backendNames.map((n) => `'${n}'`).join(', ');
  if (list.length === 0) {
    throw new BackendError(
      'BACKEND_UNKNOWN',
      `initBackend: prefer is an empty list; name one or more of ${accepted}.`,
    );
  }
  for (const name of list) {
    if (!isBackendName(name)) {
      throw new BackendError(
        'BACKEND_UNKNOWN',
        `initBackend: unknown backend ${JSON.stringify(name)}; use one of ${accepted}, or omit prefer to pick the fastest installed.`,
      );
    }
  }
  return list as readonly BackendName[];
}

async function initOnce(options: InitBackendOptions): Promise<BackendInfo> {
  const platform = detectPlatform();
  const explicit = options.prefer !== undefined;
  const order = candidates(options.prefer, platform);
  const previous = currentBackendName();
  const misses: Miss[] = [];
  for (const name of order) {
    const spec = backendCatalog[name];
    if (!spec.platforms.includes(platform)) {
      misses.push({
        name,
        kind: 'platform',
        reason: `runs only in ${spec.platforms.join(' or ')}, not in ${platform}`,
      });
      continue;
    }
    const outcome = await loadBackendPackage(spec);
    if (outcome.kind !== 'loaded') {
      misses.push({
        name,
        kind: outcome.kind,
        reason: outcome.reason,
        cause: outcome.kind === 'failed' ? outcome.cause : undefined,
      });
      continue;
    }
    configureBeforeInit(name, platform);
    const failure = await activate(name);
    if (failure !== undefined) {
      misses.push({ name, kind: 'failed', reason: failure.reason, cause: failure.cause });
      continue;
    }
    const addedKernels = registerMissingKernels(name);
    const replaced =
      options.replaceFaultyKernels === false ? replacedKernels(name) : replaceFaultyKernels(name);
    return {
      name,
      platform,
      packageName: outcome.packageName,
      skipped: misses.map(({ name: n, reason }) => ({ name: n, reason })),
      addedKernels,
      replacedKernels: replaced,
      ...(name === 'wasm' && platform === 'node' ? { native: await nativeFor(options) } : {}),
    };
  }
  await restore(previous);
  throw noBackendError(misses, explicit);
}

async function nativeFor(options: InitBackendOptions): Promise<NativeKernelsInfo> {
  const envOff = process.env.AE_NATIVE_KERNELS === '0';
  const native = options.native ?? (options.replaceFaultyKernels !== false && !envOff);
  if (native === false) {
    uninstallNativeKernels();
    const why =
      options.native === false
        ? 'initBackend({ native: false })'
        : options.replaceFaultyKernels === false
          ? 'initBackend({ replaceFaultyKernels: false })'
          : 'AE_NATIVE_KERNELS=0';
    return { active: false, kernels: [], note: `native kernels off: ${why}` };
  }
  return installNativeKernels(native === true ? {} : native);
}

/** The active backend's name without triggering tfjs's automatic initialization. */
function currentBackendName(): string | null {
  const name = (tf.engine() as unknown as { backendName?: string | null }).backendName;
  return typeof name === 'string' ? name : null;
}

async function restore(previous: string | null): Promise<void> {
  if (previous === null || tf.findBackendFactory(previous) == null) return;
  try {
    await tf.setBackend(previous);
  } catch {
    // Nothing better to do: the error thrown next explains the real problem.
  }
}

/** Backend flags that must be set before the backend first initializes. */
function configureBeforeInit(name: BackendName, platform: Platform): void {
  if (name !== 'wasm' || platform !== 'node') return;
  // Node refuses the blob: worker URLs of wasm's thread pool: single thread, SIMD kept.
  try {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  } catch {
    // Flag not registered by this wasm version: it then has no threads to turn off.
  }
}

async function activate(
  name: BackendName,
): Promise<{ reason: string; cause: unknown } | undefined> {
  let ok = false;
  let cause: unknown;
  try {
    ok = await tf.setBackend(name);
  } catch (error) {
    cause = error;
  }
  if (ok) {
    await tf.ready();
    return undefined;
  }
  cause ??= await diagnose(name);
  const detail =
    cause instanceof Error
      ? cause.message
      : cause === undefined
        ? 'see the warning tfjs logged'
        : String(cause);
  return { reason: `tf.setBackend('${name}') failed: ${detail}`, cause };
}

/**
 * tfjs logs, rather than returns, why a backend failed to initialize. Running the
 * factory once more recovers the error (an instance it unexpectedly makes is disposed).
 */
async function diagnose(name: BackendName): Promise<unknown> {
  const factory = tf.findBackendFactory(name);
  if (factory == null) return undefined;
  try {
    const instance = await factory();
    instance.dispose();
    return undefined;
  } catch (error) {
    return error;
  }
}

function installHint(specs: readonly BackendSpec[]): string {
  const commands = specs.map((s) => `\`${installCommand(s)}\``).join(' or ');
  const notes = specs.flatMap((s) =>
    s.installNote === undefined ? [] : [`(${s.name}) ${s.installNote}`],
  );
  return [`Install ${specs.length > 1 ? 'one' : 'it'}: ${commands}.`, ...notes].join(' ');
}

function noBackendError(misses: readonly Miss[], explicit: boolean): BackendError {
  const names = misses.map((m) => `'${m.name}'`).join(', ');
  const details = misses.map((m) => `${m.name}: ${m.reason}`).join('; ');
  const fallback = explicit
    ? ' Or call initBackend() without prefer to use the fastest installed backend.'
    : '';
  if (misses.every((m) => m.kind === 'platform')) {
    return new BackendError(
      'BACKEND_UNSUPPORTED_PLATFORM',
      `initBackend: ${names} cannot run here (${details}).${fallback}`,
    );
  }
  const failed = misses.find((m) => m.kind === 'failed');
  if (failed !== undefined) {
    return new BackendError(
      'BACKEND_INIT_FAILED',
      `initBackend: no backend could be started (${details}). Fix the first error, or choose another backend with initBackend({ prefer }).`,
      { cause: failed.cause },
    );
  }
  const specs = misses.filter((m) => m.kind === 'not-installed').map((m) => backendCatalog[m.name]);
  const hintSpecs = explicit ? specs : [backendCatalog.wasm];
  const plural = misses.length > 1;
  const what = explicit
    ? `backend${plural ? 's' : ''} ${names} ${plural ? 'are' : 'is'} not installed (${details})`
    : `no TensorFlow.js backend is installed (${details})`;
  return new BackendError(
    'BACKEND_NOT_INSTALLED',
    `initBackend: ${what}. ${installHint(hintSpecs)}${fallback}`,
  );
}
