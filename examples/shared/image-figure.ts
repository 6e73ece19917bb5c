/**
 * A figure of image tiles: rows of images (reconstructions, samples, traversals), each row
 * with an optional label on its left, under an optional title. Tiles are upscaled by an
 * integer factor with nearest-neighbour sampling, so every data pixel stays a sharp square.
 */
import { encodeRgba, escapeXml, FONT, svgToPng } from './render.js';

/** One row of a figure (it wraps after `columns` tiles). */
export interface FigureRow {
  /** Text left of the row. */
  label?: string;
  /** `count` images of the figure's `shape`, row-major, values in [0, 1] (clamped). */
  images: Float32Array;
  /** Number of images. */
  count: number;
}

/** Options of {@link imageFigure}. */
export interface FigureOptions {
  /** `[h, w, c]` of every image; c is 1 (grey) or 3 (RGB). */
  shape: readonly [number, number, number] | readonly number[];
  /** Title above the tiles; an array for several lines. */
  title?: string | readonly string[];
  /** Tiles per line (default: the longest row's count). */
  columns?: number;
  /** Integer upscaling of every tile; default 2. */
  scale?: number;
  /** Width of the label column in pixels (default 120 when a row has a label, else 0). */
  labelWidth?: number;
}

/** The layout of a figure, in pixels. */
export interface FigureLayout {
  width: number;
  height: number;
  /** Top edge of each row's first line of tiles. */
  rowTops: number[];
  /** Left edge of the tiles. */
  left: number;
  /** Lines of tiles of each row. */
  lines: number[];
}

const MARGIN = 8;
const GAP = 2;
const ROW_GAP = 6;
const TITLE_LINE = 20;
const TITLE_SIZE = 15;

/** The title's lines. */
function titleLines(title: FigureOptions['title']): readonly string[] {
  return title === undefined ? [] : typeof title === 'string' ? [title] : title;
}

/** A generous width of a line of DejaVu Sans at the title size (its glyphs average ≈ 0.6 em). */
function textWidth(line: string): number {
  return Math.ceil(0.62 * TITLE_SIZE * [...line].length);
}

function checkRow(row: FigureRow, size: number, i: number): void {
  if (!Number.isInteger(row.count) || row.count < 1) {
    throw new RangeError(
      `imageFigure: rows[${i}].count must be a positive integer, got ${row.count}.`,
    );
  }
  if (row.images.length < row.count * size) {
    throw new RangeError(
      `imageFigure: rows[${i}] has ${row.images.length} values, ${row.count} images need ${row.count * size}.`,
    );
  }
}

/** Where everything of a figure goes; {@link imageFigure} draws it. */
export function figureLayout(rows: readonly FigureRow[], o: FigureOptions): FigureLayout {
  const [h = 0, w = 0] = o.shape;
  const scale = o.scale ?? 2;
  const columns = o.columns ?? Math.max(...rows.map((r) => r.count));
  const labelled = rows.some((r) => r.label !== undefined);
  const labels = o.labelWidth ?? (labelled ? 120 : 0);
  const tileW = w * scale + GAP;
  const tileH = h * scale + GAP;
  const lines0 = titleLines(o.title);
  const tiles = labels + columns * tileW - GAP;
  const wide = Math.max(tiles, ...lines0.map(textWidth));
  // Tiles (with their labels) are centred under a title wider than they are.
  const left = MARGIN + labels + Math.floor((wide - tiles) / 2);
  let y = MARGIN + (lines0.length > 0 ? lines0.length * TITLE_LINE + 6 : 0);
  const rowTops: number[] = [];
  const lines: number[] = [];
  for (const row of rows) {
    const n = Math.ceil(row.count / columns);
    rowTops.push(y);
    lines.push(n);
    y += n * tileH + ROW_GAP;
  }
  return {
    width: wide + 2 * MARGIN,
    height: y - ROW_GAP - GAP + MARGIN,
    rowTops,
    left,
    lines,
  };
}

/** The tiles of one row as an RGBA strip of `lines` lines of `columns` tiles, on white. */
function rowStrip(
  row: FigureRow,
  o: Required<Pick<FigureOptions, 'scale' | 'columns'>>,
  shape: readonly number[],
) {
  const [h = 0, w = 0, c = 1] = shape;
  const { scale, columns } = o;
  const cols = Math.min(columns, row.count);
  const lines = Math.ceil(row.count / columns);
  const width = cols * (w * scale + GAP) - GAP;
  const height = lines * (h * scale + GAP) - GAP;
  const data = new Uint8Array(width * height * 4).fill(255);
  const byte = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 255);
  for (let n = 0; n < row.count; n++) {
    const x0 = (n % columns) * (w * scale + GAP);
    const y0 = Math.floor(n / columns) * (h * scale + GAP);
    const base = n * h * w * c;
    for (let y = 0; y < h * scale; y++) {
      for (let x = 0; x < w * scale; x++) {
        const src = base + (Math.floor(y / scale) * w + Math.floor(x / scale)) * c;
        const dst = ((y0 + y) * width + x0 + x) * 4;
        const r = byte(row.images[src] ?? 0);
        data[dst] = r;
        data[dst + 1] = c === 3 ? byte(row.images[src + 1] ?? 0) : r;
        data[dst + 2] = c === 3 ? byte(row.images[src + 2] ?? 0) : r;
      }
    }
  }
  return { width, height, png: encodeRgba(width, height, data) };
}

/** Draws the rows as one PNG (see {@link figureLayout} for its size). */
export function imageFigure(rows: readonly FigureRow[], o: FigureOptions): Buffer {
  const [h = 0, w = 0, c = 1] = o.shape;
  if (o.shape.length !== 3 || (c !== 1 && c !== 3)) {
    throw new RangeError(
      `imageFigure: shape must be [h, w, 1] or [h, w, 3], got [${o.shape.join(', ')}].`,
    );
  }
  if (rows.length === 0) throw new RangeError('imageFigure: no rows to draw.');
  rows.forEach((r, i) => {
    checkRow(r, h * w * c, i);
  });
  const scale = o.scale ?? 2;
  const columns = o.columns ?? Math.max(...rows.map((r) => r.count));
  const layout = figureLayout(rows, o);
  const parts: string[] = [];
  titleLines(o.title).forEach((line, i) => {
    parts.push(
      `<text x="${layout.width / 2}" y="${MARGIN + 15 + i * TITLE_LINE}" font-size="${TITLE_SIZE}" text-anchor="middle">${escapeXml(line)}</text>`,
    );
  });
  rows.forEach((row, i) => {
    const top = layout.rowTops[i] as number;
    const strip = rowStrip(row, { scale, columns }, o.shape);
    const href = `data:image/png;base64,${strip.png.toString('base64')}`;
    parts.push(
      `<image x="${layout.left}" y="${top}" width="${strip.width}" height="${strip.height}" image-rendering="optimizeSpeed" href="${href}"/>`,
    );
    if (row.label !== undefined) {
      const mid = top + (Math.min(row.count, columns) > 0 ? (h * scale) / 2 : 0) + 5;
      parts.push(
        `<text x="${layout.left - 8}" y="${mid}" font-size="13" text-anchor="end">${escapeXml(row.label)}</text>`,
      );
    }
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" font-family="${FONT}">${parts.join('')}</svg>`;
  return svgToPng(svg);
}
