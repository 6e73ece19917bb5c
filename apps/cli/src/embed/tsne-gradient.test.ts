import { createRng } from '@ae/backend';
import { describe, expect, it } from 'vitest';
import { gradientBuffers, tsneGradient2d } from './tsne-gradient.js';
import { openTsne } from './tsne-internals.js';

/** A reference t-SNE on 40 random 5-D points, with a random (not tiny) 2-D layout. */
function reference() {
  const rng = createRng(4);
  const points = Array.from({ length: 40 }, () => Array.from({ length: 5 }, () => rng.normal()));
  const inner = openTsne(points, { perplexity: 8, learningRate: 10, normal: () => rng.normal() });
  inner.Y = points.map(() => [3 * rng.normal(), 3 * rng.normal()]);
  return { inner };
}

describe('tsneGradient2d', () => {
  it('equals the reference implementation’s gradient, with and without exaggeration', () => {
    const { inner } = reference();
    for (const iter of [1, 99, 100, 400]) {
      const want = inner.referenceCostGrad(inner.Y, iter).grad;
      const got = tsneGradient2d(inner.P, inner.Y, iter, gradientBuffers(40));
      const scale = Math.max(...want.flat().map(Math.abs));
      expect(scale).toBeGreaterThan(1e-4);
      got.forEach((g, i) => {
        expect(Math.abs((g[0] as number) - (want[i]?.[0] as number))).toBeLessThan(1e-10 * scale);
        expect(Math.abs((g[1] as number) - (want[i]?.[1] as number))).toBeLessThan(1e-10 * scale);
      });
    }
  });

  it('is the derivative of the KL cost (central differences)', () => {
    const { inner } = reference();
    // Step 200: no exaggeration, so the gradient of the cost itself.
    const grad = tsneGradient2d(inner.P, inner.Y, 200, gradientBuffers(40)).map((g) => [...g]);
    const h = 1e-5;
    for (const [i, d] of [
      [0, 0],
      [7, 1],
      [39, 0],
    ] as const) {
      const row = inner.Y[i] as number[];
      const y0 = row[d] as number;
      row[d] = y0 + h;
      const up = inner.referenceCostGrad(inner.Y, 200).cost;
      row[d] = y0 - h;
      const down = inner.referenceCostGrad(inner.Y, 200).cost;
      row[d] = y0;
      expect(grad[i]?.[d]).toBeCloseTo((up - down) / (2 * h), 6);
    }
  });

  it('reuses its buffers: the same rows come back, overwritten', () => {
    const { inner } = reference();
    const b = gradientBuffers(40);
    const first = tsneGradient2d(inner.P, inner.Y, 150, b);
    const copy = first.map((g) => [...g]);
    const second = tsneGradient2d(inner.P, inner.Y, 150, b);
    expect(second).toBe(first);
    expect(second).toEqual(copy); // not accumulated
  });
});
