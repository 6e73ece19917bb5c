import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../vitest.shared.ts';

// One test file trains every example in its quick mode, one after another in this process
// (one tfjs start instead of ten). The limits are those of every other package.
export default defineConfig(
  sharedTestConfig({ testTimeout: 600_000, include: ['test/**/*.test.ts'] }),
);
