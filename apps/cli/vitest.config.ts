import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// End-to-end tests run the `ae` binary; a file's hook trains the models its tests share
// (explore.e2e.test.ts: six of them). `pnpm test` runs every package's suite at once, and CI
// machines have 2 cores that other work may share. Tests have the 600 s of every other
// package; hooks here get twice that (explore's took over 600 s under two CPU hogs).
export default defineConfig(sharedTestConfig({ testTimeout: 600_000, hookTimeout: 1_200_000 }));
