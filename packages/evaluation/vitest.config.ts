import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

export default defineConfig(sharedTestConfig({ testTimeout: 60_000 }));
