/**
 * What every package's vitest config shares. Tests import the other workspace packages
 * through their `@ae/source` export condition, that is from `src/`, so a test always sees
 * the current code of its dependencies, never a stale `dist/` build.
 */
import type { ViteUserConfig } from 'vitest/config';

/** The export condition that points a workspace package at its TypeScript sources. */
export const SOURCE_CONDITION = '@ae/source';

const conditions = [SOURCE_CONDITION, 'module', 'node', 'development|production'];

/** Options a package may set. */
export interface SharedTestOptions {
  /** Time limit of one test, in ms. */
  testTimeout: number;
  /** Time limit of a `beforeAll` / `afterAll` hook, in ms; default `testTimeout`. */
  hookTimeout?: number;
  /** Test file globs; default `src/**\/*.test.ts`. */
  include?: string[];
  /** Modules run before each test file (e.g. choosing a backend). */
  setupFiles?: string[];
}

/** A vitest config with the source condition and the package's time limits. */
export function sharedTestConfig(o: SharedTestOptions): ViteUserConfig {
  return {
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: [SOURCE_CONDITION] } },
    test: {
      include: o.include ?? ['src/**/*.test.ts'],
      testTimeout: o.testTimeout,
      hookTimeout: o.hookTimeout ?? o.testTimeout,
      ...(o.setupFiles ? { setupFiles: o.setupFiles } : {}),
    },
  };
}
