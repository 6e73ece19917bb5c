import { describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { checkPictureSize, gridSize, tileGrid } from './grid.js';

describe('tileGrid', () => {
  it('places each upscaled tile at its cell, with gaps in the background colour', () => {
    // Two 1×2 grayscale images: [0, 1] and [0.5, 0.25].
    const img = tileGrid(new Float32Array([0, 1, 0.5, 0.25]), 2, [1, 2, 1], {
      columns: 2,
      scale: 2,
      gap: 1,
      background: 7,
    });
    expect(img.width).toBe(2 * 4 + 3);
    expect(img.height).toBe(2 + 2);
    const px = (x: number, y: number) =>
      Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));
    expect(px(0, 0)).toEqual([7, 7, 7, 7]);
    expect(px(1, 1)).toEqual([0, 0, 0, 255]);
    expect(px(2, 2)).toEqual([0, 0, 0, 255]);
    expect(px(3, 1)).toEqual([255, 255, 255, 255]);
    expect(px(4, 2)).toEqual([255, 255, 255, 255]);
    expect(px(5, 1)).toEqual([7, 7, 7, 7]);
    expect(px(6, 1)).toEqual([128, 128, 128, 255]);
    expect(px(9, 2)).toEqual([64, 64, 64, 255]);
  });

  it('clamps values outside [0, 1] and keeps RGB channels', () => {
    const img = tileGrid(new Float32Array([2, -1, 0.5]), 1, [1, 1, 3], {
      columns: 1,
      scale: 1,
      gap: 0,
    });
    expect(Array.from(img.data)).toEqual([255, 0, 128, 255]);
  });

  it('refuses too few values', () => {
    expect(() => tileGrid(new Float32Array(3), 2, [1, 2, 1], { columns: 2 })).toThrow(
      /need 4 values, got 3/,
    );
  });
});

describe('checkPictureSize', () => {
  const square = (v: number) => ({ count: v, columns: Math.ceil(Math.sqrt(v)) });

  it('names the largest count whose picture fits 2^28 pixels, computed by hand', () => {
    // 79,524 = 282²: 282 tiles of 56 px and 283 gaps of 2 px a side, 16,358² = 267,584,164 px.
    expect(() => checkPictureSize('--count', 79524, square, [28, 28, 1])).not.toThrow();
    // 79,525: 283 columns × 282 rows, 16,416 × 16,358 = 268,532,928 px > 268,435,456.
    const f = () => checkPictureSize('--count', 79525, square, [28, 28, 1]);
    expect(f).toThrow(CliError);
    expect(f).toThrow(
      '--count 79525: the picture of 79525 tiles of 28×28 would be 16416 × 16358 pixels (269 million), more than the 268 million a picture may have. Use --count 79524 or less.',
    );
    // 2 × 2 tiles of 2 px at scale 2, three gaps of 2 px a side: 2·4 + 3·2 = 14.
    expect(gridSize(4, [2, 2, 1], { columns: 2 })).toEqual({ width: 14, height: 14 });
  });
});
