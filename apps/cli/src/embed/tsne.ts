/**
 * t-SNE (van der Maaten & Hinton 2008) of latent codes to 2-D with the exact O(n²)
 * implementation of `@keckelt/tsne` (perplexity calibration, gains and momentum), made
 * reproducible — its only random draw, the Gaussian starting layout, comes from our
 * seeded generator instead of `Math.random` — and fast enough for a few thousand
 * points: its gradient is replaced by {@link tsneGradient2d}, the same formula without
 * n × n buffers or the per-step cost. Both replacements go through `tsne-internals.ts`,
 * which checks the library's internals first.
 */
import { createRng } from '@ae/backend';
import { rowsOf, yieldToEventLoop } from './rows.js';
import { gradientBuffers, tsneGradient2d } from './tsne-gradient.js';
import { openTsne } from './tsne-internals.js';

/** Options of {@link tsne2d}. */
export interface TsneOptions {
  /** Effective number of neighbours of each point; must be below `count − 1`. */
  perplexity: number;
  /** Gradient steps (the first 100 with early exaggeration). */
  iterations: number;
  /** Seed of the starting layout: same seed, same picture. */
  seed: number;
  /** Learning rate (default 10). */
  learningRate?: number;
  /** Called after every step with the steps done and the total. */
  onStep?: (done: number, total: number) => void;
}

/**
 * Embeds `count` points of dimension `dim` (row-major `data`) in 2-D with t-SNE.
 * Returns `[count, 2]` row-major. The caller checks `perplexity < count − 1`.
 */
export async function tsne2d(
  data: Float32Array,
  count: number,
  dim: number,
  o: TsneOptions,
): Promise<Float32Array> {
  const rng = createRng(o.seed);
  const t = openTsne(rowsOf(data, count, dim), {
    perplexity: o.perplexity,
    learningRate: o.learningRate ?? 10,
    normal: () => rng.normal(),
  });
  const buffers = gradientBuffers(count);
  t.useGradient((P, Y, iter) => tsneGradient2d(P, Y, iter, buffers));
  for (let i = 1; i <= o.iterations; i++) {
    t.step();
    o.onStep?.(i, o.iterations);
    if (i % 10 === 0) await yieldToEventLoop();
  }
  const solution = t.solution();
  const out = new Float32Array(count * 2);
  solution.forEach((p, i) => {
    out[2 * i] = p[0] as number;
    out[2 * i + 1] = p[1] as number;
  });
  return out;
}
