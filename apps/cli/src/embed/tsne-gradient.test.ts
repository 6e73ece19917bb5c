import { createRng } from '@ae/backend';
import { TSNE } from '@keckelt/tsne';
import { describe, expect, it } from 'vitest';
import { gradientBuffers, tsneGradient2d } from './tsne-gradient.js';

/** The reference implementation's internals this test reads and sets. */
interface Internals {
  P: Float64Array;
  Y: number[][];
  iter: number;
}

/** A reference t-SNE on 40 random 5-D points, with a random (not tiny) 2-D layout. */
function reference() {
  const rng = createRng(4);
  const points = Array.from({ length: 40 }, () => Array.from({ length: 5 }, () => rng.normal()));
  const t = new TSNE({ perplexity: 8, dim: 2 });
  t.initDataRaw(points);
  const inner = t as unknown as Internals;
  inner.Y = points.map(() => [3 * rng.normal(), 3 * rng.normal()]);
  return { t, inner };
}

describe('tsneGradient2d', () => {
  it('equals the reference implementation’s gradient, with and without exaggeration', () => {
    const { t, inner } = reference();
    for (const iter of [1, 99, 100, 400]) {
      inner.iter = iter;
      const want = t.costGrad(inner.Y).grad as number[][];
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
    const { t, inner } = reference();
    inner.iter = 200; // no exaggeration: the gradient of the cost itself
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
      const up = t.costGrad(inner.Y).cost;
      row[d] = y0 - h;
      const down = t.costGrad(inner.Y).cost;
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
