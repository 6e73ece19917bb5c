import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // `pnpm test` runs every package's suite at once, and CI machines have 2 cores that other
    // work may share: a test or hook that takes seconds alone took over 120 s under load
    // (two CPU hogs beside the suite). Every package and app uses these same limits.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
