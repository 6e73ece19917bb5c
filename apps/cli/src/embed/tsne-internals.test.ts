import { TSNE } from '@keckelt/tsne';
import { describe, expect, it } from 'vitest';
import {
  checkTsneInternals,
  openTsne,
  TSNE_LIBRARY,
  TsneInternalsError,
} from './tsne-internals.js';

/** 12 points in 3-D: two clusters. */
const rows = Array.from({ length: 12 }, (_, i) => [i < 6 ? 0 : 5, (i % 6) * 0.3, (i * 7) % 5]);

/** Standard normal draws from a fixed list, so the starting layout is known. */
function counting() {
  let k = 0;
  return () => {
    k += 1;
    return (k % 7) - 3;
  };
}

describe('openTsne', () => {
  it('reads the joint probabilities and the layout of the pinned library', () => {
    const t = openTsne(rows, { perplexity: 4, learningRate: 10, normal: counting() });
    const n = rows.length;
    expect(t.P).toBeInstanceOf(Float64Array);
    expect(t.P.length).toBe(n * n);
    // Joint probabilities: symmetric, summing to 1.
    const sum = t.P.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 9);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) expect(t.P[i * n + j]).toBeCloseTo(t.P[j * n + i] as number, 15);
    }
    // The starting layout is our draws, scaled by the library's 1e-4.
    const draw = counting();
    expect(t.Y.flat()).toEqual(Array.from({ length: 2 * n }, () => draw() * 1e-4));
    expect(t.iter).toBe(0);
  });

  it('steps along the gradient it is given, and counts the steps', () => {
    const t = openTsne(rows, { perplexity: 4, learningRate: 10, normal: counting() });
    const seen: number[] = [];
    t.useGradient((P, Y, iter) => {
      expect(P).toBe(t.P);
      seen.push(iter);
      return Y.map(() => [1, -1]);
    });
    const before = t.solution().map((r) => [...r]);
    t.step();
    t.step();
    expect(seen).toEqual([1, 2]);
    expect(t.iter).toBe(2);
    // Every point got the same gradient: after re-centring, the points keep their offsets.
    const after = t.solution();
    const mean = (k: 0 | 1) => before.reduce((a, r) => a + (r[k] as number), 0) / before.length;
    after.forEach((r, i) => {
      expect(r[0]).toBeCloseTo((before[i]?.[0] as number) - mean(0), 12);
      expect(r[1]).toBeCloseTo((before[i]?.[1] as number) - mean(1), 12);
    });
  });

  it('fails with a clear, typed error when the library keeps its state elsewhere', () => {
    class Renamed extends TSNE {
      override initDataRaw(X: number[][]): void {
        super.initDataRaw(X);
        const self = this as unknown as Record<string, unknown>;
        self.probabilities = self.P;
        delete self.P;
      }
    }
    const open = () =>
      openTsne(rows, { perplexity: 4, learningRate: 10, normal: counting(), Impl: Renamed });
    expect(open).toThrow(TsneInternalsError);
    expect(open).toThrow(
      /not the one this command was written for \(@keckelt\/tsne@1\.0\.2\): its field P is not a Float64Array of 12 × 12/,
    );
    try {
      open();
    } catch (e) {
      expect((e as TsneInternalsError).code).toBe('TSNE_INTERNALS_CHANGED');
    }
  });

  it('fails when the starting layout no longer comes from gaussRandom()', () => {
    class OwnRandom extends TSNE {
      override initSolution(): void {
        super.initSolution();
        const self = this as unknown as { Y: number[][] };
        self.Y = self.Y.map(() => [Math.random(), Math.random()]);
      }
    }
    expect(() =>
      openTsne(rows, { perplexity: 4, learningRate: 10, normal: counting(), Impl: OwnRandom }),
    ).toThrow(/its starting layout is not the draws of gaussRandom\(\)/);
  });

  it('passes its quick start-up check on the installed library', () => {
    expect(() => checkTsneInternals()).not.toThrow();
  });

  it('names the pinned version, which package.json must pin exactly', async () => {
    const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
    expect(`@keckelt/tsne@${pkg.dependencies['@keckelt/tsne']}`).toBe(TSNE_LIBRARY);
  });
});
