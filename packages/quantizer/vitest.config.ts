import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // `pnpm test` runs every package's suite at once, and CI machines have 2 cores that other
    // work may share: a test or hook that takes seconds alone can take many times longer there.
    // Every library package uses these same limits; apps/cli and apps/demo (end-to-end) use 600 s.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
