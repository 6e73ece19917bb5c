import { describe, expect, it } from 'vitest';
import { gaussianGrid, linearGrid, normalQuantile } from './normal-quantile.js';

// An independent standard normal CDF: Φ(x) = ½ erfc(−x / √2), with erf from its Maclaurin
// series near 0 and erfc from its continued fraction in the tails.
function erfSeries(x: number): number {
  // erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n + 1))
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
    if (Math.abs(term) < 1e-18) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

function erfcContinuedFraction(x: number): number {
  // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), x > 0
  let f = x;
  for (let k = 300; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

function phi(x: number): number {
  const t = -x / Math.SQRT2;
  if (Math.abs(t) < 2.5) return 0.5 * (1 - erfSeries(t));
  return t > 0 ? 0.5 * erfcContinuedFraction(t) : 1 - 0.5 * erfcContinuedFraction(-t);
}

describe('normalQuantile', () => {
  it('matches tabulated quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(Math.abs(normalQuantile(0.975) - 1.959963984540054)).toBeLessThan(1e-12);
    expect(Math.abs(normalQuantile(0.025) + 1.959963984540054)).toBeLessThan(1e-12);
    expect(Math.abs(normalQuantile(0.95) - 1.644853626951472)).toBeLessThan(1e-12);
    expect(Math.abs(normalQuantile(0.999) - 3.090232306167813)).toBeLessThan(1e-12);
    expect(Math.abs(normalQuantile(0.8413447460685429) - 1)).toBeLessThan(1e-12);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('inverts an independent erf-based Φ across the centre and both tails', () => {
    // Central region, both tail regions and the boundaries between them (|p − ½| = 0.425).
    const ps = [1e-3, 0.01, 0.05, 0.074, 0.075, 0.076, 0.2, 0.4, 0.5, 0.61, 0.9, 0.925, 0.99];
    for (const p of ps)
      expect(Math.abs(phi(normalQuantile(p)) - p), `p = ${p}`).toBeLessThan(1e-12);
    // Far tails (r = √(−ln p) > 5 for p < 1.4e-11): relative error.
    for (const p of [1e-5, 1e-10, 1e-12, 1e-20, 1e-100]) {
      expect(Math.abs(phi(normalQuantile(p)) - p) / p, `p = ${p}`).toBeLessThan(1e-12);
    }
  });

  it('is odd around ½ and increasing', () => {
    // Probabilities whose complement 1 − p is exact in float64.
    for (const p of [2 ** -27, 2 ** -7, 0.25, 0.4375]) {
      expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 12);
    }
    let last = Number.NEGATIVE_INFINITY;
    for (let i = 1; i < 1000; i++) {
      const x = normalQuantile(i / 1000);
      expect(x).toBeGreaterThan(last);
      last = x;
    }
  });

  it('gives ±∞ at 0 and 1 and refuses non-probabilities', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => normalQuantile(1.5)).toThrow(/p must be a probability in \[0, 1\], got 1.5/);
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError);
  });
});

describe('grids', () => {
  it('gaussianGrid puts Φ⁻¹((i + ½)/n): symmetric, each cell holding 1/n of the prior', () => {
    const g = gaussianGrid(4);
    expect(g).toHaveLength(4);
    expect(Math.abs((g[3] ?? 0) - 1.1503493803760079)).toBeLessThan(1e-12); // Φ⁻¹(0.875)
    expect(g[0]).toBeCloseTo(-(g[3] ?? 0), 12);
    for (let i = 0; i < 4; i++) expect(phi(g[i] ?? 0)).toBeCloseTo((i + 0.5) / 4, 12);
    expect(gaussianGrid(1)).toEqual([0]);
  });

  it('linearGrid includes both ends', () => {
    expect(linearGrid(5, -2, 2)).toEqual([-2, -1, 0, 1, 2]);
    expect(linearGrid(1, -3, 1)).toEqual([-1]);
    expect(() => linearGrid(0, 0, 1)).toThrow(/positive integer, got 0/);
  });
});
