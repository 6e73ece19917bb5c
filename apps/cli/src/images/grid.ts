import { CliError } from '../cli-error.js';

/** An RGBA image, row-major, 4 bytes per pixel. */
export interface RgbaImage {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** `width * height * 4` bytes. */
  data: Uint8Array;
}

/** Layout of {@link tileGrid}. */
export interface GridOptions {
  /** Tiles per row. */
  columns: number;
  /** Integer upscaling of every tile (nearest neighbour); default 2. */
  scale?: number;
  /** Pixels between tiles and around the grid; default 2. */
  gap?: number;
  /** Grey level of the gaps, 0–255; default 255 (white). */
  background?: number;
}

/**
 * The most pixels of a picture `ae` writes: 2^28 (268 million, 1 GiB of RGBA). A grid
 * beyond it would not fit in memory as one image, and is of no use on a screen.
 */
export const MAX_PICTURE_PIXELS = 2 ** 28;

/** Width and height in pixels of the {@link tileGrid} of `count` tiles. */
export function gridSize(
  count: number,
  shape: readonly [number, number, number],
  options: GridOptions,
): { width: number; height: number } {
  const scale = options.scale ?? 2;
  const gap = options.gap ?? 2;
  const cols = Math.max(1, Math.min(options.columns, count));
  const rows = Math.ceil(count / cols);
  return {
    width: cols * shape[1] * scale + (cols + 1) * gap,
    height: rows * shape[0] * scale + (rows + 1) * gap,
  };
}

/**
 * Refuses, before any work, a picture of more than {@link MAX_PICTURE_PIXELS}: `columns`
 * gives the layout for a tile count (e.g. a square grid), and the error names `flag`, the
 * size and the largest value that fits.
 *
 * @throws CliError `CLI_TOO_LARGE`.
 */
export function checkPictureSize(
  flag: string,
  value: number,
  tiles: (value: number) => { count: number; columns: number },
  shape: readonly [number, number, number],
): void {
  const pixels = (v: number) => {
    const t = tiles(v);
    const { width, height } = gridSize(t.count, shape, { columns: t.columns });
    return width * height;
  };
  const total = pixels(value);
  if (total <= MAX_PICTURE_PIXELS) return;
  // The largest value that fits: pixels grow with the value, so bisect.
  let lo = 0;
  let hi = value;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (pixels(mid) <= MAX_PICTURE_PIXELS) lo = mid;
    else hi = mid;
  }
  const { count, columns } = tiles(value);
  const { width, height } = gridSize(count, shape, { columns });
  throw new CliError(
    'CLI_TOO_LARGE',
    `${flag} ${value}: the picture of ${count} tiles of ${shape[0]}×${shape[1]} would be ${width} × ${height} pixels (${millions(total)} million), more than the ${millions(MAX_PICTURE_PIXELS)} million a picture may have. Use ${flag} ${lo} or less.`,
  );
}

const millions = (n: number) => (n / 1e6).toFixed(n < 1e7 ? 1 : 0);

/**
 * Lays out `count` images of shape `[h, w, c]` (c = 1 or 3, values in [0, 1],
 * row-major in one array) as a grid of tiles. Values are clamped to [0, 1].
 */
export function tileGrid(
  pixels: Float32Array,
  count: number,
  shape: readonly [number, number, number],
  options: GridOptions,
): RgbaImage {
  const [h, w, c] = shape;
  if (c !== 1 && c !== 3) throw new RangeError(`tileGrid: channels must be 1 or 3, got ${c}.`);
  if (pixels.length < count * h * w * c) {
    throw new RangeError(
      `tileGrid: ${count} images of ${h}×${w}×${c} need ${count * h * w * c} values, got ${pixels.length}.`,
    );
  }
  const scale = options.scale ?? 2;
  const gap = options.gap ?? 2;
  const cols = Math.min(options.columns, count);
  const tileW = w * scale;
  const tileH = h * scale;
  const { width, height } = gridSize(count, shape, options);
  const data = new Uint8Array(width * height * 4).fill(options.background ?? 255);
  const toByte = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 255);
  for (let n = 0; n < count; n++) {
    const x0 = gap + (n % cols) * (tileW + gap);
    const y0 = gap + Math.floor(n / cols) * (tileH + gap);
    const base = n * h * w * c;
    for (let y = 0; y < tileH; y++) {
      const sy = Math.floor(y / scale);
      for (let x = 0; x < tileW; x++) {
        const src = base + (sy * w + Math.floor(x / scale)) * c;
        const dst = ((y0 + y) * width + x0 + x) * 4;
        const r = toByte(pixels[src] ?? 0);
        data[dst] = r;
        data[dst + 1] = c === 3 ? toByte(pixels[src + 1] ?? 0) : r;
        data[dst + 2] = c === 3 ? toByte(pixels[src + 2] ?? 0) : r;
        data[dst + 3] = 255;
      }
    }
  }
  return { width, height, data };
}
