import { createRng } from '@ae/backend';
import { describe, expect, it } from 'vitest';
import { neighbourAgreement } from './neighbour-agreement.js';
import { tsne2d } from './tsne.js';

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

describe('tsne2d', () => {
  const { data, labels, count } = blobs(4, 40, 10, 1);
  const o = { perplexity: 20, iterations: 300 };

  it('keeps well-separated 10-D blobs apart in 2-D', async () => {
    const steps: number[] = [];
    const xy = await tsne2d(data, count, 10, { ...o, seed: 3, onStep: (d) => steps.push(d) });
    expect(xy.length).toBe(count * 2);
    expect(xy.every(Number.isFinite)).toBe(true);
    expect(neighbourAgreement(xy, labels)).toBeGreaterThan(0.9);
    expect(steps.length).toBe(300);
    expect(steps.at(-1)).toBe(300);
  });

  it('gives the same layout for the same seed and another for another seed', async () => {
    const a = await tsne2d(data, count, 10, { ...o, iterations: 50, seed: 7 });
    const b = await tsne2d(data, count, 10, { ...o, iterations: 50, seed: 7 });
    const c = await tsne2d(data, count, 10, { ...o, iterations: 50, seed: 8 });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});
