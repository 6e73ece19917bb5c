/**
 * Reading a rendered chart back: where pixels of a given colour are. Used to check
 * pictures (a series drawn, a legend present, text rendered) without a human.
 */
import type { RgbaImage } from '../images/grid.js';
import { hexToRgb } from './palette.js';

/** A rectangle of pixels, `[x0, x1)` × `[y0, y1)`; default the whole image. */
export interface Region {
  x0?: number;
  x1?: number;
  y0?: number;
  y1?: number;
}

/** Where the pixels matching a test are. */
export interface PixelStats {
  /** Number of matching pixels. */
  count: number;
  /** Mean column of the matches (NaN when none). */
  meanX: number;
  /** Mean row of the matches (NaN when none). */
  meanY: number;
  /** Smallest and largest row of the matches (−1 when none). */
  minY: number;
  maxY: number;
}

/** Statistics of the pixels of `img` inside `region` for which `match(r, g, b)` holds. */
export function pixelStats(
  img: RgbaImage,
  match: (r: number, g: number, b: number) => boolean,
  region: Region = {},
): PixelStats {
  const x0 = Math.max(0, region.x0 ?? 0);
  const x1 = Math.min(img.width, region.x1 ?? img.width);
  const y0 = Math.max(0, region.y0 ?? 0);
  const y1 = Math.min(img.height, region.y1 ?? img.height);
  let count = 0;
  let sx = 0;
  let sy = 0;
  let minY = -1;
  let maxY = -1;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * img.width + x) * 4;
      if (!match(img.data[i] as number, img.data[i + 1] as number, img.data[i + 2] as number)) {
        continue;
      }
      count++;
      sx += x;
      sy += y;
      if (minY < 0) minY = y;
      maxY = y;
    }
  }
  return { count, meanX: sx / count, meanY: sy / count, minY, maxY };
}

/** A test for pixels within `tolerance` (per channel, 0–255) of the colour `hex`. */
export function near(hex: string, tolerance = 12): (r: number, g: number, b: number) => boolean {
  const [R, G, B] = hexToRgb(hex);
  return (r, g, b) =>
    Math.abs(r - R) <= tolerance && Math.abs(g - G) <= tolerance && Math.abs(b - B) <= tolerance;
}

/**
 * The colour `hex` drawn with `opacity` over white, as `'#rrggbb'` (what a translucent
 * dot looks like where it does not overlap another).
 */
export function overWhite(hex: string, opacity: number): string {
  return `#${hexToRgb(hex)
    .map((c) =>
      Math.round(opacity * c + (1 - opacity) * 255)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** A test for dark grey to black pixels (text, axes): every channel below `level`. */
export function dark(level = 90): (r: number, g: number, b: number) => boolean {
  return (r, g, b) => r < level && g < level && b < level;
}
