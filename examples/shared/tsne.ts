/**
 * t-SNE (van der Maaten & Hinton 2008) of codes to 2-D with `@keckelt/tsne`'s public API
 * (exact O(n²): a few thousand points at most). The library draws its starting layout
 * with `Math.random` and has no seed option; the draw happens inside `initDataRaw`, so
 * `Math.random` is swapped for a seeded generator during that one call, and the same
 * seed gives the same picture.
 */
import { createRng } from '@ae/backend';
import { TSNE } from '@keckelt/tsne';

/** Options of {@link tsne2d}. */
export interface TsneOptions {
  /** Effective number of neighbours of a point (below count − 1). */
  perplexity: number;
  /** Gradient steps. */
  iterations: number;
  /** Seed of the starting layout. */
  seed: number;
}

/** Embeds `count` rows of `dim` values (row-major) in 2-D; returns `[count, 2]` row-major. */
export function tsne2d(
  data: Float32Array,
  count: number,
  dim: number,
  o: TsneOptions,
): Float64Array {
  if (!(o.perplexity < count - 1)) {
    throw new RangeError(
      `tsne2d: perplexity ${o.perplexity} must be below count − 1 = ${count - 1}.`,
    );
  }
  const rows = Array.from({ length: count }, (_, i) =>
    Array.from(data.subarray(i * dim, (i + 1) * dim)),
  );
  const tsne = new TSNE({ perplexity: o.perplexity, epsilon: 10, dim: 2 });
  const rng = createRng(o.seed);
  const random = Math.random;
  Math.random = () => rng.next();
  try {
    tsne.initDataRaw(rows);
  } finally {
    Math.random = random;
  }
  for (let i = 0; i < o.iterations; i++) tsne.step();
  const out = new Float64Array(count * 2);
  tsne.getSolution().forEach((p, i) => {
    out[2 * i] = p[0] as number;
    out[2 * i + 1] = p[1] as number;
  });
  return out;
}

/**
 * The share of points whose nearest other point (Euclidean, in `[n, 2]` `xy`) has the
 * same label: 1 for cleanly separated classes, about Σ p_k² (0.1 for ten balanced
 * classes) for a layout that ignores them.
 */
export function nearestNeighbourAgreement(
  xy: ArrayLike<number>,
  labels: ArrayLike<number>,
): number {
  const n = labels.length;
  let same = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = (xy[2 * i] as number) - (xy[2 * j] as number);
      const dy = (xy[2 * i + 1] as number) - (xy[2 * j + 1] as number);
      const d = dx * dx + dy * dy;
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    if (best >= 0 && labels[best] === labels[i]) same++;
  }
  return same / n;
}
