import { describe, expect, it } from 'vitest';
import { createRng } from './random.js';

const N = 100_000;

function draws(seed: number, n: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
}

function meanAndVariance(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

describe('createRng', () => {
  it('gives the same sequence for the same seed', () => {
    expect(draws(42, 1000)).toEqual(draws(42, 1000));
    const a = createRng(7);
    const b = createRng(7);
    for (let i = 0; i < 100; i++) {
      expect(a.nextUint32()).toBe(b.nextUint32());
      expect(a.normal()).toBe(b.normal());
      expect(a.int(10)).toBe(b.int(10));
      expect(a.seed()).toBe(b.seed());
    }
  });

  it('gives different sequences for different (even adjacent) seeds', () => {
    const a = draws(1, 1000);
    const b = draws(2, 1000);
    const equal = a.filter((v, i) => v === b[i]).length;
    expect(equal).toBeLessThan(3);
    // Adjacent seeds are decorrelated: sample correlation near 0 (|r| < 4/√n).
    const ma = a.reduce((s, v) => s + v, 0) / a.length;
    const mb = b.reduce((s, v) => s + v, 0) / b.length;
    let sab = 0;
    let saa = 0;
    let sbb = 0;
    a.forEach((v, i) => {
      const w = b[i] as number;
      sab += (v - ma) * (w - mb);
      saa += (v - ma) ** 2;
      sbb += (w - mb) ** 2;
    });
    expect(Math.abs(sab / Math.sqrt(saa * sbb))).toBeLessThan(4 / Math.sqrt(a.length));
  });

  it('resumes the exact sequence from getState/setState, including a cached normal', () => {
    const rng = createRng(123);
    for (let i = 0; i < 10; i++) rng.next();
    rng.normal(); // leaves the second Box–Muller deviate cached
    const state = JSON.parse(JSON.stringify(rng.getState())) as ReturnType<typeof rng.getState>;
    const expected = [
      rng.normal(),
      rng.next(),
      rng.nextUint32(),
      rng.normal(),
      rng.normal(),
      rng.int(1000),
    ];
    const other = createRng(999);
    other.setState(state);
    expect([
      other.normal(),
      other.next(),
      other.nextUint32(),
      other.normal(),
      other.normal(),
      other.int(1000),
    ]).toEqual(expected);
    rng.setState(state);
    expect(rng.normal()).toBe(expected[0]);
  });

  it('rejects a state that did not come from getState', () => {
    const rng = createRng(1);
    expect(() =>
      rng.setState({ algorithm: 'mt19937', words: [1, 2, 3, 4], spareNormal: null } as never),
    ).toThrow(TypeError);
    expect(() => createRng(1.5)).toThrow(RangeError);
  });

  it('returns a permutation of 0 … n−1 that differs from the identity', () => {
    const rng = createRng(5);
    for (const n of [0, 1, 2, 10, 1000]) {
      const p = rng.permutation(n);
      expect(p).toHaveLength(n);
      expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    const p = rng.permutation(1000);
    expect(p.filter((v, i) => v === i).length).toBeLessThan(10);
    // Each position is uniform: over many 3-permutations every one of the 6 orders appears ≈ 1/6.
    const counts = new Map<string, number>();
    for (let i = 0; i < 60_000; i++) {
      const key = Array.from(rng.permutation(3)).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - 10_000)).toBeLessThan(500); // 5σ ≈ 456
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const values = draws(2024, N);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const { mean, variance } = meanAndVariance(values);
    // Standard errors: √(1/12/N) ≈ 9.1e-4 for the mean, ≈ 2.4e-4 for the variance; allow 5σ.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / N));
  });

  it('draws normals with mean 0 and variance 1', () => {
    const rng = createRng(31);
    const values = Array.from({ length: N }, () => rng.normal());
    const { mean, variance } = meanAndVariance(values);
    // Standard errors: 1/√N for the mean, √(2/N) for the variance; allow 5σ.
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    // Tail mass beyond 1.96σ ≈ 5%.
    const tail = values.filter((v) => Math.abs(v) > 1.959964).length / N;
    expect(Math.abs(tail - 0.05)).toBeLessThan(5 * Math.sqrt((0.05 * 0.95) / N));
  });

  it('draws integers uniformly in [0, max) and tfjs seeds in [0, 2^31)', () => {
    const rng = createRng(8);
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) {
      const k = rng.int(7);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    for (let i = 0; i < 1000; i++) {
      const s = rng.seed();
      expect(Number.isInteger(s) && s >= 0 && s < 2 ** 31).toBe(true);
    }
    expect(() => rng.int(0)).toThrow(RangeError);
  });
});
