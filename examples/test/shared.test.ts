/** The shared helpers: figure layout and pixels, t-SNE seeding, map agreement, options. */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { figureLayout, imageFigure } from '../shared/image-figure.js';
import { optionsFromArgs } from '../shared/run.js';
import { nearestNeighbourAgreement, tsne2d } from '../shared/tsne.js';

describe('imageFigure', () => {
  it('draws every image pixel as a scale × scale square at the layout position', () => {
    // Row 0: a black and a white 3×3 image; row 1: one image with a single white pixel.
    const black = new Float32Array(9);
    const white = new Float32Array(9).fill(1);
    const dot = new Float32Array(9);
    dot[4] = 1; // centre pixel
    const rows = [
      { images: Float32Array.from([...black, ...white]), count: 2 },
      { images: dot, count: 1 },
    ];
    const o = { shape: [3, 3, 1], scale: 4 };
    const layout = figureLayout(rows, o);
    const png = PNG.sync.read(imageFigure(rows, o));
    expect([png.width, png.height]).toEqual([layout.width, layout.height]);
    // Two tiles of 12 px and a 2 px gap between them, 8 px margins.
    expect(layout.width).toBe(8 + 12 + 2 + 12 + 8);
    const grey = (x: number, y: number) => png.data[4 * (y * png.width + x)];
    const [top0 = 0, top1 = 0] = layout.rowTops;
    const left = layout.left;
    for (let d = 0; d < 12; d++) {
      expect(grey(left + d, top0 + d)).toBe(0); // black tile
      expect(grey(left + 14 + d, top0 + d)).toBe(255); // white tile
    }
    // The dot covers pixels 4…7 of the 12 × 12 tile, and nothing else is white.
    expect(grey(left + 4, top1 + 4)).toBe(255);
    expect(grey(left + 7, top1 + 7)).toBe(255);
    expect(grey(left + 3, top1 + 4)).toBe(0);
    expect(grey(left + 8, top1 + 7)).toBe(0);
  });

  it('refuses rows with fewer values than their images need', () => {
    expect(() =>
      imageFigure([{ images: new Float32Array(8), count: 1 }], { shape: [3, 3, 1] }),
    ).toThrow(/rows\[0\] has 8 values, 1 images need 9/);
  });
});

describe('tsne2d and nearestNeighbourAgreement', () => {
  it('separates two distant clusters, and the same seed gives the same map', () => {
    // 20 points near 0 and 20 near 10 in 5-D, with small deterministic offsets.
    const n = 40;
    const dim = 5;
    const data = new Float32Array(n * dim);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = i < 20 ? 0 : 1;
      for (let d = 0; d < dim; d++)
        data[i * dim + d] = 10 * (labels[i] as number) + Math.sin(i * 7 + d * 3);
    }
    const a = tsne2d(data, n, dim, { perplexity: 5, iterations: 200, seed: 3 });
    const b = tsne2d(data, n, dim, { perplexity: 5, iterations: 200, seed: 3 });
    expect(Array.from(a)).toEqual(Array.from(b));
    const c = tsne2d(data, n, dim, { perplexity: 5, iterations: 200, seed: 4 });
    expect(Array.from(c)).not.toEqual(Array.from(a));
    expect(nearestNeighbourAgreement(a, labels)).toBe(1);
  });

  it('agreement is 0 when every nearest neighbour has the other label', () => {
    // Points on a line at 0, 1, 10, 11, 20, 21 … with labels alternating within each pair.
    const xy = new Float64Array([0, 0, 1, 0, 10, 0, 11, 0, 20, 0, 21, 0]);
    expect(nearestNeighbourAgreement(xy, [0, 1, 0, 1, 0, 1])).toBe(0);
    expect(nearestNeighbourAgreement(xy, [0, 0, 1, 1, 2, 2])).toBe(1);
  });
});

describe('optionsFromArgs', () => {
  const url = 'file:///repo/examples/dense-autoencoder/main.ts';
  it('full runs write next to main.ts, quick ones elsewhere, --out wins', () => {
    expect(optionsFromArgs(url, [], {})).toEqual({
      quick: false,
      outDir: '/repo/examples/dense-autoencoder',
    });
    const q = optionsFromArgs(url, ['--quick'], {});
    expect(q.quick).toBe(true);
    expect(q.outDir).toMatch(/ae-examples[\\/]dense-autoencoder$/);
    expect(optionsFromArgs(url, [], { AE_EXAMPLES_QUICK: '1' }).quick).toBe(true);
    expect(optionsFromArgs(url, ['--out', '/tmp/x'], {}).outDir).toBe('/tmp/x');
  });
  it('names an unknown option and a missing folder', () => {
    expect(() => optionsFromArgs(url, ['--epochs', '3'], {})).toThrow(/unknown option --epochs/);
    expect(() => optionsFromArgs(url, ['--out'], {})).toThrow(/--out needs a folder/);
  });
});
