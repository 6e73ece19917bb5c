import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// `pnpm test` runs every package's suite at once, and CI machines have 2 cores that other work
// may share: a test or hook that takes seconds alone took over 120 s under load (two CPU hogs
// beside the suite). Every package and app uses these same limits.
export default defineConfig(sharedTestConfig({ testTimeout: 600_000 }));
