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
  const rows = Math.ceil(count / cols);
  const tileW = w * scale;
  const tileH = h * scale;
  const width = cols * tileW + (cols + 1) * gap;
  const height = rows * tileH + (rows + 1) * gap;
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
