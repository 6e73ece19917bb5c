/**
 * UMAP (McInnes, Healy & Melville 2018) of latent codes to 2-D with `umap-js`, every
 * random draw (neighbour search, starting layout, negative samples) taken from our
 * seeded generator, so a seed gives the same layout.
 */
import { createRng } from '@ae/backend';
import { UMAP } from 'umap-js';
import { rowsOf, yieldToEventLoop } from './rows.js';

/** Options of {@link umap2d}. */
export interface UmapOptions {
  /** Size of the local neighbourhood; must be below `count`. */
  neighbors: number;
  /** Seed of every random draw: same seed, same picture. */
  seed: number;
  /** Optimization epochs (default: umap-js's choice, 500 up to 2,500 points, fewer above). */
  epochs?: number;
  /** How tightly points may pack (default 0.1). */
  minDist?: number;
  /** Called after every epoch with the epochs done and the total. */
  onStep?: (done: number, total: number) => void;
}

/**
 * Embeds `count` points of dimension `dim` (row-major `data`) in 2-D with UMAP.
 * Returns `[count, 2]` row-major. The caller checks `neighbors < count`.
 */
export async function umap2d(
  data: Float32Array,
  count: number,
  dim: number,
  o: UmapOptions,
): Promise<Float32Array> {
  const rng = createRng(o.seed);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: o.neighbors,
    minDist: o.minDist ?? 0.1,
    random: () => rng.next(),
    ...(o.epochs !== undefined ? { nEpochs: o.epochs } : {}),
  });
  const total = umap.initializeFit(rowsOf(data, count, dim));
  for (let i = 1; i <= total; i++) {
    umap.step();
    o.onStep?.(i, total);
    if (i % 10 === 0) await yieldToEventLoop();
  }
  const out = new Float32Array(count * 2);
  umap.getEmbedding().forEach((p, i) => {
    out[2 * i] = p[0] as number;
    out[2 * i + 1] = p[1] as number;
  });
  return out;
}
