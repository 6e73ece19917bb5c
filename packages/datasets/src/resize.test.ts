import { describe, expect, it } from 'vitest';
import { DatasetError } from './dataset-error.js';
import { axisWeights, resizeImage } from './resize.js';

const f32 = (values: number[]) => values.map(Math.fround);

describe('axisWeights', () => {
  it('averages areas when shrinking 3 → 2', () => {
    // Output 0 covers [0, 1.5): pixel 0 fully, pixel 1 half → weights 1/1.5, 0.5/1.5.
    const taps = axisWeights(3, 2);
    expect(taps[0]?.index).toEqual([0, 1]);
    expect(taps[0]?.weight[0]).toBeCloseTo(2 / 3, 12);
    expect(taps[0]?.weight[1]).toBeCloseTo(1 / 3, 12);
    expect(taps[1]?.index).toEqual([1, 2]);
    expect(taps[1]?.weight[0]).toBeCloseTo(1 / 3, 12);
  });

  it('interpolates with half-pixel centres when growing 2 → 4', () => {
    // Source positions: −0.25 → 0 (clamped), 0.25, 0.75, 1.25 → 1 (clamped).
    const taps = axisWeights(2, 4);
    expect(taps.map((t) => t.index)).toEqual([[0], [0, 1], [0, 1], [1]]);
    expect(taps.map((t) => t.weight)).toEqual([[1], [0.75, 0.25], [0.25, 0.75], [1]]);
  });
});

describe('resizeImage', () => {
  it('shrinks 4×4 → 2×2 by averaging 2×2 blocks', () => {
    const pixels = Array.from({ length: 16 }, (_, i) => i);
    // Blocks: (0+1+4+5)/4 = 2.5, (2+3+6+7)/4 = 4.5, (8+9+12+13)/4 = 10.5, 12.5.
    expect(Array.from(resizeImage(pixels, [4, 4, 1], [2, 2]))).toEqual([2.5, 4.5, 10.5, 12.5]);
  });

  it('shrinks 3×3 → 2×2 with fractional overlaps', () => {
    // Rows/cols weighted (2/3, 1/3, 0) and (0, 1/3, 2/3), i.e. mean positions 1/3
    // and 5/3. Pixel (y, x) = 3y + x is linear, so output = 3·ȳ + x̄; check (0, 0)
    // term by term too: 4/9·0 + 2/9·1 + 2/9·3 + 1/9·4 = 12/9 = 3·1/3 + 1/3.
    const pixels = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const out = resizeImage(pixels, [3, 3, 1], [2, 2]);
    const expected = [12 / 9, 1 + 5 / 3, 5 + 1 / 3, 5 + 5 / 3];
    out.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i] as number, 6);
    });
  });

  it('grows 1×2 → 1×4 bilinearly, per channel', () => {
    // Two RGB pixels (0, 10, 100) and (4, 30, 0).
    const out = resizeImage([0, 10, 100, 4, 30, 0], [1, 2, 3], [1, 4]);
    expect(Array.from(out)).toEqual(f32([0, 10, 100, 1, 15, 75, 3, 25, 25, 4, 30, 0]));
  });

  it('mixes: shrinks width, grows height', () => {
    // [[0, 2], [4, 6]] → 4 rows × 1 column: column means 1, 5, then bilinear in y.
    const out = resizeImage([0, 2, 4, 6], [2, 2, 1], [4, 1]);
    expect(Array.from(out)).toEqual([1, 2, 4, 5]);
  });

  it('returns a copy for an equal size and keeps a constant image constant', () => {
    const pixels = new Float32Array([0.25, 0.5]);
    const same = resizeImage(pixels, [1, 2, 1], [1, 2]);
    expect(same).not.toBe(pixels);
    expect(Array.from(same)).toEqual([0.25, 0.5]);
    const flat = resizeImage(new Array(35).fill(0.7), [5, 7, 1], [3, 11]);
    for (const v of flat) expect(v).toBeCloseTo(0.7, 6);
  });

  it('rejects bad sizes and lengths', () => {
    expect(() => resizeImage([1, 2], [1, 2, 1], [0, 2])).toThrow(DatasetError);
    expect(() => resizeImage([1, 2], [1, 2, 1], [1.5, 2])).toThrow(/output height/);
    expect(() => resizeImage([1, 2, 3], [1, 2, 1], [2, 2])).toThrow(/3 values, expected 1 × 2 × 1/);
  });
});
