import { createRng } from '@ae/backend';
import { describe, expect, it } from 'vitest';
import { type Corruption, gaussianNoise, maskingNoise, saltAndPepper } from './corruptions.js';
import { DatasetError } from './dataset-error.js';

const N = 40000;
const grey = () => new Float32Array(N).fill(0.5);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DatasetError) return e.code;
    throw e;
  }
  return undefined;
}

/** |observed − p| within 4 standard errors of a binomial proportion over n trials. */
function expectProportion(count: number, n: number, p: number): void {
  expect(Math.abs(count / n - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / n) + 1e-12);
}

describe('gaussianNoise', () => {
  it('adds noise of mean 0 and the given std (before clipping)', () => {
    const x = grey();
    const out = gaussianNoise({ std: 0.2, clip: false })(x, createRng(1));
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < N; i++) {
      const e = (out[i] as number) - 0.5;
      sum += e;
      sq += e * e;
    }
    const mean = sum / N;
    const std = Math.sqrt(sq / N - mean * mean);
    expect(Math.abs(mean)).toBeLessThan((4 * 0.2) / Math.sqrt(N));
    // The standard error of a sample std is about σ / √(2n).
    expect(Math.abs(std - 0.2)).toBeLessThan((4 * 0.2) / Math.sqrt(2 * N));
    expect(x.every((v) => v === 0.5)).toBe(true);
  });

  it('clips to [0, 1] by default: P(0) = P(1) = Φ(−0.5/σ)', () => {
    const out = gaussianNoise({ std: 1 })(grey(), createRng(2));
    expect(out.every((v) => v >= 0 && v <= 1)).toBe(true);
    // Φ(−0.5) for σ = 1.
    const phi = 0.3085375387259869;
    expectProportion(out.filter((v) => v === 0).length, N, phi);
    expectProportion(out.filter((v) => v === 1).length, N, phi);
  });

  it('is x plus std times the rng normals, and a new array for std 0', () => {
    const x = Float32Array.from([0.1, 0.4, 0.9]);
    const ref = createRng(5);
    const expected = Array.from(x, (v) => Math.fround(v + 0.01 * ref.normal()));
    expect(Array.from(gaussianNoise({ std: 0.01 })(x, createRng(5)))).toEqual(expected);
    const same = gaussianNoise({ std: 0 })(x, createRng(0));
    expect(same).toEqual(x);
    expect(same).not.toBe(x);
  });
});

describe('saltAndPepper', () => {
  it('replaces a fraction amount of the values, salt with probability saltRatio', () => {
    const x = grey();
    const out = saltAndPepper({ amount: 0.3, saltRatio: 0.25 })(x, createRng(3));
    const salt = out.filter((v) => v === 1).length;
    const pepper = out.filter((v) => v === 0).length;
    expect(salt + pepper + out.filter((v) => v === 0.5).length).toBe(N);
    expectProportion(salt + pepper, N, 0.3);
    expectProportion(salt, salt + pepper, 0.25);
    expect(x.every((v) => v === 0.5)).toBe(true);
  });

  it('defaults to half salt, and is all salt for saltRatio 1', () => {
    const out = saltAndPepper({ amount: 0.5 })(grey(), createRng(4));
    const salt = out.filter((v) => v === 1).length;
    expectProportion(salt, salt + out.filter((v) => v === 0).length, 0.5);
    const allSalt = saltAndPepper({ amount: 1, saltRatio: 1 })(grey(), createRng(4));
    expect(allSalt.every((v) => v === 1)).toBe(true);
  });
});

describe('maskingNoise', () => {
  it('sets a fraction rate of the values to 0 and keeps the rest', () => {
    const out = maskingNoise({ rate: 0.4 })(grey(), createRng(6));
    expect(out.every((v) => v === 0 || v === 0.5)).toBe(true);
    expectProportion(out.filter((v) => v === 0).length, N, 0.4);
    expect(maskingNoise({ rate: 0 })(grey(), createRng(6)).every((v) => v === 0.5)).toBe(true);
  });
});

describe('corruptions', () => {
  const all: [string, Corruption][] = [
    ['gaussian', gaussianNoise({ std: 0.3 })],
    ['salt and pepper', saltAndPepper({ amount: 0.2 })],
    ['masking', maskingNoise({ rate: 0.2 })],
  ];

  it.each(all)('%s: same seed, same corruption; one rng, new corruption per call', (_n, c) => {
    const x = Float32Array.from({ length: 300 }, (_, i) => (i % 11) / 10);
    expect(c(x, createRng(9))).toEqual(c(x, createRng(9)));
    const rng = createRng(9);
    expect(c(x, rng)).not.toEqual(c(x, rng));
    expect(c(x, createRng(9)).every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it.each<[string, () => unknown, RegExp]>([
    [
      'std',
      () => gaussianNoise({ std: -1 }),
      /gaussianNoise: std must be a finite number ≥ 0, got -1/,
    ],
    ['std NaN', () => gaussianNoise({ std: Number.NaN }), /got NaN/],
    [
      'amount',
      () => saltAndPepper({ amount: 1.2 }),
      /saltAndPepper: amount must be a number in \[0, 1\], got 1.2/,
    ],
    [
      'saltRatio',
      () => saltAndPepper({ amount: 0.1, saltRatio: -0.5 }),
      /saltRatio must be a number in \[0, 1\], got -0.5/,
    ],
    [
      'rate',
      () => maskingNoise({ rate: 2 }),
      /maskingNoise: rate must be a number in \[0, 1\], got 2/,
    ],
  ])('rejects a bad %s', (_what, make, message) => {
    expect(make).toThrow(message);
    expect(codeOf(make)).toBe('DATASET_BAD_PARAMETER');
  });

  it('rejects a missing options object', () => {
    expect(codeOf(() => maskingNoise(undefined as unknown as { rate: number }))).toBe(
      'DATASET_BAD_OPTIONS',
    );
  });
});
