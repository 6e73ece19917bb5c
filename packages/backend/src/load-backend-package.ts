/**
 * Makes a backend available to tfjs: finds it already registered, or imports the
 * npm package that registers it. Never throws; the outcome says what happened.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendSpec } from './backend-catalog.js';

/** The result of {@link loadBackendPackage}. */
export type LoadOutcome =
  /** The backend is registered with tfjs; `packageName` provides it. */
  | { readonly kind: 'loaded'; readonly packageName: string }
  /** None of the backend's packages is installed. */
  | { readonly kind: 'not-installed'; readonly reason: string }
  /** A package is installed but failed to load or did not register the backend. */
  | {
      readonly kind: 'failed';
      readonly packageName: string;
      readonly reason: string;
      readonly cause: unknown;
    };

/** Imports a module by a name that bundlers and TypeScript must not resolve ahead of time. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

const importByName: ModuleImporter = (specifier) => import(/* @vite-ignore */ specifier);

/**
 * True when `error` says that `packageName` itself could not be found (as opposed
 * to the package being present but failing while it loads).
 */
export function isModuleNotFound(error: unknown, packageName: string): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  const namesPackage = message.includes(`'${packageName}'`) || message.includes(`"${packageName}"`);
  const notFound =
    e?.code === 'ERR_MODULE_NOT_FOUND' ||
    e?.code === 'MODULE_NOT_FOUND' ||
    /Cannot find (module|package)|Could not resolve|Failed to resolve (module specifier|import)|Failed to load url/i.test(
      message,
    );
  return notFound && namesPackage;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Makes backend `spec.name` available. If a factory is already registered (the app
 * imported the package itself, as a bundled browser app must), that is used;
 * otherwise each of `spec.packages` is imported in order until one registers it.
 */
export async function loadBackendPackage(
  spec: BackendSpec,
  importer: ModuleImporter = importByName,
): Promise<LoadOutcome> {
  const alreadyRegistered = tf.findBackendFactory(spec.name) != null;
  const [first = spec.name] = spec.packages;
  // Only the tensorflow backend has two packages; importing tells which one is in use.
  if (alreadyRegistered && spec.packages.length === 1)
    return { kind: 'loaded', packageName: first };
  const missing: string[] = [];
  const failures: Array<{ packageName: string; reason: string; cause: unknown }> = [];
  for (const packageName of spec.packages) {
    try {
      await importer(packageName);
    } catch (error) {
      if (isModuleNotFound(error, packageName)) missing.push(packageName);
      else
        failures.push({
          packageName,
          reason: `${packageName} failed to load: ${describe(error)}`,
          cause: error,
        });
      continue;
    }
    if (tf.findBackendFactory(spec.name) != null) return { kind: 'loaded', packageName };
    failures.push({
      packageName,
      reason:
        `${packageName} loaded but did not register backend '${spec.name}' with this copy of ` +
        '@tensorflow/tfjs-core; two copies are probably installed (run `npm ls @tensorflow/tfjs-core`, then `npm dedupe`)',
      cause: undefined,
    });
  }
  if (alreadyRegistered) return { kind: 'loaded', packageName: first };
  const [failure] = failures;
  if (failure !== undefined) {
    const reason = [
      ...failures.map((f) => f.reason),
      ...missing.map((m) => `${m} not installed`),
    ].join('; ');
    return { kind: 'failed', packageName: failure.packageName, reason, cause: failure.cause };
  }
  return { kind: 'not-installed', reason: `${missing.join(' and ')} not installed` };
}
