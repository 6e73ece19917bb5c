import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // End-to-end tests run the `ae` binary, often training a small model first; `pnpm test`
    // runs every package's suite at once on a small machine.
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
