import { createRng } from '@ae/backend';
import { describe, expect, it } from 'vitest';
import { binarize } from './binarize.js';

describe('binarize', () => {
  it('draws 0/1 with mean x (within 4 standard errors) and leaves x unchanged', () => {
    const n = 20000;
    for (const p of [0.1, 0.5, 0.85]) {
      const x = new Float32Array(n).fill(p);
      const b = binarize(x, createRng(3));
      expect(b.every((v) => v === 0 || v === 1)).toBe(true);
      const mean = b.reduce((a, v) => a + v, 0) / n;
      const pf = Math.fround(p);
      expect(Math.abs(mean - pf)).toBeLessThan(4 * Math.sqrt((pf * (1 - pf)) / n));
      expect(x.every((v) => v === pf)).toBe(true);
    }
  });

  it('maps 0 to 0 and 1 to 1 always', () => {
    const x = Float32Array.from({ length: 1000 }, (_, i) => i % 2);
    expect(binarize(x, createRng(0))).toEqual(x);
  });

  it('compares one uniform draw per value with the value', () => {
    const x = Float32Array.from([0.2, 0.9, 0.5, 0.5]);
    const ref = createRng(8);
    const expected = Array.from(x, (v) => (ref.next() < v ? 1 : 0));
    expect(Array.from(binarize(x, createRng(8)))).toEqual(expected);
  });

  it('repeats for a seed, differs between draws of one rng', () => {
    const x = new Float32Array(500).fill(0.5);
    expect(binarize(x, createRng(1))).toEqual(binarize(x, createRng(1)));
    const rng = createRng(1);
    expect(binarize(x, rng)).not.toEqual(binarize(x, rng));
  });
});
