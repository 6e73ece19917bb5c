import { describe, expect, it } from 'vitest';
import { dark, near, overWhite, pixelStats } from './pixels.js';

describe('pixelStats', () => {
  it('finds the pixels of a colour in a hand-made image', () => {
    // 4 × 3 white image with two red pixels at (1, 0) and (3, 2) and one black at (0, 2).
    const data = new Uint8Array(4 * 3 * 4).fill(255);
    const set = (x: number, y: number, rgb: number[]) => data.set(rgb, (y * 4 + x) * 4);
    set(1, 0, [250, 5, 0]);
    set(3, 2, [255, 0, 10]);
    set(0, 2, [0, 0, 0]);
    const img = { width: 4, height: 3, data };
    expect(pixelStats(img, near('#ff0000'))).toEqual({
      count: 2,
      meanX: 2,
      meanY: 1,
      minY: 0,
      maxY: 2,
    });
    expect(pixelStats(img, near('#ff0000'), { y0: 1 }).count).toBe(1);
    expect(pixelStats(img, near('#ff0000', 4)).count).toBe(0);
    expect(pixelStats(img, dark()).count).toBe(1);
  });

  it('blends a colour over white', () => {
    // 0.8 · 0x4c + 0.2 · 255 = 111.8 → 0x70; 0.8 · 0x78 + 51 = 147 → 0x93; 0.8 · 0xa8 + 51 = 185.4 → 0xb9.
    expect(overWhite('#4c78a8', 0.8)).toBe('#7093b9');
    expect(overWhite('#000000', 1)).toBe('#000000');
  });
});
