import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// Every test file runs on the cpu backend (see the setup file).
export default defineConfig(
  mergeConfig(sharedTestConfig({ testTimeout: 60_000 }), {
    test: { setupFiles: ['src/cpu-backend.test-helpers.ts'] },
  }),
);
