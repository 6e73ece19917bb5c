import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// `pnpm test` runs every package's suite at once on a small machine: a test that takes
// a few seconds alone can take several times longer there.
export default defineConfig(sharedTestConfig({ testTimeout: 60_000 }));
