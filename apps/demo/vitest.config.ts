import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// The browser test trains in a real headless Chromium on a small shared machine.
export default defineConfig(
  sharedTestConfig({
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 300_000,
  }),
);
