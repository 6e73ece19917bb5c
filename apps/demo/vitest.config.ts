import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The browser test trains in a real headless Chromium; its fixture is made with `ae train`
    // in a hook. `pnpm test` runs every package's suite at once, and CI machines have 2 cores
    // that other work may share. apps/cli uses the same limits; the library packages use 120 s.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
