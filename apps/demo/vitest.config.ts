import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// The browser test trains in a real headless Chromium; its fixture is made with `ae train` in a
// hook. `pnpm test` runs every package's suite at once, and CI machines have 2 cores that other
// work may share. Every package and app uses these same limits.
export default defineConfig(
  sharedTestConfig({ include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 600_000 }),
);
