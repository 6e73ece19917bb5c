import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// Packing, two npm installs, the README examples and a short `ae train` take a few minutes on
// a loaded 2-core machine: the same limits as every package.
export default defineConfig(sharedTestConfig({ testTimeout: 600_000 }));
