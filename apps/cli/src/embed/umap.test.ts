import { createRng } from '@ae/backend';
import { describe, expect, it } from 'vitest';
import { neighbourAgreement } from './neighbour-agreement.js';
import { umap2d } from './umap.js';

/** `k` Gaussian blobs of `per` points in `dim`-D, centres 10 apart on the axes, sd 1. */
function blobs(k: number, per: number, dim: number, seed: number) {
  const rng = createRng(seed);
  const data = new Float32Array(k * per * dim);
  const labels = new Int32Array(k * per);
  for (let i = 0; i < k * per; i++) {
    const c = i % k;
    labels[i] = c;
    for (let d = 0; d < dim; d++) data[i * dim + d] = (d === c ? 10 : 0) + rng.normal();
  }
  return { data, labels, count: k * per };
}

describe('umap2d', () => {
  const { data, labels, count } = blobs(4, 50, 10, 2);

  it('keeps well-separated 10-D blobs apart in 2-D', async () => {
    let total = 0;
    const xy = await umap2d(data, count, 10, {
      neighbors: 15,
      seed: 3,
      onStep: (_, t) => {
        total = t;
      },
    });
    expect(xy.length).toBe(count * 2);
    expect(xy.every(Number.isFinite)).toBe(true);
    expect(neighbourAgreement(xy, labels)).toBeGreaterThan(0.9);
    expect(total).toBe(500); // umap-js's default for up to 2,500 points
  });

  it('gives the same layout for the same seed and another for another seed', async () => {
    const o = { neighbors: 10, epochs: 50 };
    const a = await umap2d(data, count, 10, { ...o, seed: 7 });
    const b = await umap2d(data, count, 10, { ...o, seed: 7 });
    const c = await umap2d(data, count, 10, { ...o, seed: 8 });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});
