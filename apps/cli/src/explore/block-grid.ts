/**
 * Pictures made of blocks of tiles: e.g. originals above their reconstructions, each block
 * starting on a new row so that tile i of every block sits in the same column.
 */
import { type RgbaImage, tileGrid } from '../images/grid.js';

/**
 * Lays out `blocks` (each `count` images of `shape`, row-major, values in [0, 1]) one below
 * the other, `columns` tiles per row. A block whose last row is not full is padded with
 * white tiles, so the next block starts on a new row.
 */
export function blockGrid(
  blocks: readonly Float32Array[],
  count: number,
  shape: readonly [number, number, number],
  columns: number,
): RgbaImage {
  const size = shape[0] * shape[1] * shape[2];
  const cols = Math.min(columns, count);
  const perBlock = Math.ceil(count / cols) * cols;
  const all = new Float32Array(blocks.length * perBlock * size).fill(1);
  blocks.forEach((b, i) => {
    if (b.length !== count * size) {
      throw new RangeError(
        `blockGrid: block ${i} must hold ${count} images of ${shape.join('×')} (${count * size} values), got ${b.length}.`,
      );
    }
    all.set(b, i * perBlock * size);
  });
  return tileGrid(all, blocks.length * perBlock, shape, { columns: cols });
}
