import { defineConfig } from 'vite';

export default defineConfig({
  // Relative URLs: the built page works from any folder of any static host.
  base: './',
  build: {
    target: 'es2022',
    // TensorFlow.js is one large chunk by nature; splitting it buys nothing here.
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: 'es' },
});
