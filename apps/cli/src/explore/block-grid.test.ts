import { describe, expect, it } from 'vitest';
import { blockGrid } from './block-grid.js';

describe('blockGrid', () => {
  it('starts each block on a new row and pads a short last row with white tiles', () => {
    // Three 1×1 images per block, two columns: each block takes two rows.
    const img = blockGrid(
      [new Float32Array([0, 0, 0]), new Float32Array([0.5, 0.5, 0.5])],
      3,
      [1, 1, 1],
      2,
    );
    // scale 2, gap 2: 2 tiles → width 2·2 + 3·2 = 10; 4 rows → 4·2 + 5·2 = 18.
    expect([img.width, img.height]).toEqual([10, 18]);
    const red = (col: number, row: number) =>
      img.data[((2 + row * 4) * img.width + 2 + col * 4) * 4];
    expect([red(0, 0), red(1, 0), red(0, 1), red(1, 1)]).toEqual([0, 0, 0, 255]);
    expect([red(0, 2), red(1, 2), red(0, 3), red(1, 3)]).toEqual([128, 128, 128, 255]);
  });

  it('refuses a block of the wrong size', () => {
    expect(() => blockGrid([new Float32Array(2)], 3, [1, 1, 1], 2)).toThrow(/block 0 must hold 3/);
  });
});
