import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // End-to-end tests run the `ae` binary, often training a small model first (in a hook).
    // `pnpm test` runs every package's suite at once, and CI machines have 2 cores that other
    // work may share. Every package and app uses these same limits.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
