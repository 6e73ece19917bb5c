import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // `pnpm test` runs every package's suite at once on a small machine: a test that takes
    // a few seconds alone can take several times longer there.
    testTimeout: 60_000,
  },
});
