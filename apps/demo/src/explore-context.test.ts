import { describe, expect, it } from 'vitest';
import { centredRanges, codeRanges } from './explore-context.js';

describe('codeRanges', () => {
  it('spans each dimension of the codes, widened by 10% on each side', () => {
    // 3 codes of 2 dims: dim 0 in [−1, 3] (span 4 → pad 0.4), dim 1 constant 5.
    const codes = Float32Array.from([-1, 5, 3, 5, 0, 5]);
    const [d0, d1] = codeRanges(codes, 3, 2);
    expect(d0?.[0]).toBeCloseTo(-1.4, 6);
    expect(d0?.[1]).toBeCloseTo(3.4, 6);
    expect(d1).toEqual([4, 6]); // all equal: ±1
  });

  it('falls back to [−1, 1] without codes', () => {
    expect(codeRanges(new Float32Array(0), 0, 1)).toEqual([[-1, 1]]);
  });
});

describe('centredRanges', () => {
  it('centres each range on 0 and still holds it', () => {
    // Codes to one side of 0 (the case that left a slider at its end while z = 0).
    expect(
      centredRanges([
        [0.5, 3],
        [-4.5, 1],
        [-2, 2],
      ]),
    ).toEqual([
      [-3, 3],
      [-4.5, 4.5],
      [-2, 2],
    ]);
  });
});
