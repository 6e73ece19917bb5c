import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// End-to-end tests run the `ae` binary, often training a small model first; `pnpm test`
// runs every package's suite at once on a small machine.
export default defineConfig(sharedTestConfig({ testTimeout: 600_000, hookTimeout: 600_000 }));
