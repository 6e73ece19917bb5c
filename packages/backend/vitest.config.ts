import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Kernel tests run the same inputs through the cpu and wasm backends; each file
    // takes about a second here, the margin is for slower CI machines.
    testTimeout: 30_000,
  },
});
