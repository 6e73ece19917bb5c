import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The browser test trains in a real headless Chromium on a small shared machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
