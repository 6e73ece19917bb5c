import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// `pnpm test` runs every package's suite at once, and CI machines have 2 cores that other work
// may share: a test or hook that takes seconds alone took over 120 s under load (two CPU hogs
// beside the suite). Every package and app uses these same limits. Every test file runs on the
// cpu backend (see the setup file).
export default defineConfig(
  sharedTestConfig({ testTimeout: 600_000, setupFiles: ['src/cpu-backend.test-helpers.ts'] }),
);
