import { describe, expect, it } from 'vitest';
import { tileGrid } from './grid.js';

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
