import { describe, expect, it } from 'vitest';
import { validateDataset } from './dataset.js';
import { DatasetError } from './dataset-error.js';
import { drawShape, type ShapeKind } from './shape-geometry.js';
import { SHAPES_SMALL, type ShapesOptions, shapes } from './shapes.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DatasetError) return e.code;
    throw e;
  }
  return undefined;
}

const tiny: ShapesOptions = { size: 16, scales: 2, rotations: 3, positionsX: 4, positionsY: 5 };

function image(x: Float32Array, i: number, pixels: number): Float32Array {
  return x.subarray(i * pixels, (i + 1) * pixels);
}

describe('shapes grid', () => {
  it('enumerates every combination once, last factor fastest', () => {
    const ds = shapes(tiny);
    const f = ds.factors;
    expect(f?.names).toEqual(['shape', 'scale', 'rotation', 'x', 'y']);
    expect(f?.sizes).toEqual([3, 2, 3, 4, 5]);
    expect(ds.count).toBe(3 * 2 * 3 * 4 * 5);
    expect(ds.shape).toEqual([16, 16, 1]);
    expect(ds.domain).toBe('unit');
    expect(ds.classNames).toEqual(['square', 'ellipse', 'heart']);
    // Nested loops in row-major order give the expected digits of each row.
    let i = 0;
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 2; b++)
        for (let c = 0; c < 3; c++)
          for (let d = 0; d < 4; d++)
            for (let e = 0; e < 5; e++) {
              expect(Array.from(f?.values.subarray(i * 5, i * 5 + 5) ?? [])).toEqual([
                a,
                b,
                c,
                d,
                e,
              ]);
              expect(ds.labels?.[i]).toBe(a);
              i++;
            }
    validateDataset(ds, { checkValues: true });
  });

  it('uses dSprites-like levels: scales over [0.5, 1], rotations over [0, 2π), positions over [0, 1]', () => {
    const f = shapes(tiny).factors;
    expect(f?.levels[0]).toEqual([0, 1, 2]);
    expect(f?.levels[1]).toEqual([0.5, 1]);
    expect(f?.levels[2]?.map((v) => v / Math.PI)).toEqual([0, 2 / 3, 4 / 3]);
    expect(f?.levels[3]).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect(f?.levels[4]).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const custom = shapes({ ...tiny, shapes: ['heart'], scales: [0.7], rotations: 1 });
    expect(custom.factors?.levels.slice(0, 3)).toEqual([[0], [0.7], [0]]);
    expect(custom.classNames).toEqual(['heart']);
  });

  it('has binary pixels, and places the centroid where x and y say', () => {
    const size = 32;
    const ds = shapes({ size, shapes: ['square', 'ellipse'], scales: [1], rotations: 2 });
    const pixels = size * size;
    const r = 0.16 * size;
    for (let i = 0; i < ds.count; i++) {
      const img = image(ds.x, i, pixels);
      let n = 0;
      let sx = 0;
      let sy = 0;
      let other = 0;
      img.forEach((v, k) => {
        if (v !== 0 && v !== 1) other++;
        n += v;
        sx += v * ((k % size) + 0.5);
        sy += v * (Math.floor(k / size) + 0.5);
      });
      expect(other).toBe(0);
      const fx = ds.factors?.levels[3]?.[ds.factors.values[i * 5 + 3] as number] as number;
      const fy = ds.factors?.levels[4]?.[ds.factors.values[i * 5 + 4] as number] as number;
      // margin + p × (size − 2·margin) with margin = r × max scale.
      expect(Math.abs(sx / n - (r + fx * (size - 2 * r)))).toBeLessThan(0.5);
      expect(Math.abs(sy / n - (r + fy * (size - 2 * r)))).toBeLessThan(0.5);
    }
  });

  it('keeps the largest shape whole at the extreme positions', () => {
    const size = 32;
    const ds = shapes({ size, scales: [1], rotations: 8, positionsX: [0, 1], positionsY: [0, 1] });
    const r = 0.16 * size;
    const kinds: ShapeKind[] = ['square', 'ellipse', 'heart'];
    const pad = 8;
    const big = size + 2 * pad;
    let touching = 0;
    for (let i = 0; i < ds.count; i++) {
      const [shape, , rot, px, py] = Array.from(
        ds.factors?.values.subarray(i * 5, i * 5 + 5) ?? [],
      );
      const img = image(ds.x, i, size * size);
      // The same shape on a canvas with room to spare: nothing may lie outside the image.
      const canvas = new Float32Array(big * big);
      drawShape(canvas, 0, big, {
        kind: kinds[shape as number] as ShapeKind,
        radius: r,
        rotation: ((rot as number) * Math.PI) / 4,
        cx: pad + r + (px as number) * (size - 2 * r),
        cy: pad + r + (py as number) * (size - 2 * r),
      });
      const inImage = img.reduce((a, v) => a + v, 0);
      expect(inImage).toBe(canvas.reduce((a, v) => a + v, 0));
      // The circumscribed disk touches the edges, so some shapes reach the border pixels.
      const border = img.some(
        (v, k) =>
          v === 1 && [0, size - 1].some((e) => k % size === e || Math.floor(k / size) === e),
      );
      if (border) touching++;
    }
    expect(touching).toBeGreaterThan(0);
  });

  it('draws areas that grow with the square of the scale', () => {
    const size = 64;
    const ds = shapes({
      size,
      shapes: ['ellipse'],
      scales: [0.5, 1],
      rotations: 4,
      positionsX: 3,
      positionsY: 3,
    });
    const r = 0.16 * size;
    for (let i = 0; i < ds.count; i++) {
      const n = image(ds.x, i, size * size).reduce((a, v) => a + v, 0);
      const s = ds.factors?.levels[1]?.[ds.factors.values[i * 5 + 1] as number] as number;
      const area = Math.PI * (s * r) * (s * r * 0.5);
      expect(Math.abs(n - area) / area).toBeLessThan(0.12);
    }
  });
});

describe('shapes random', () => {
  it('draws images that equal the grid images of the factors they claim', () => {
    const grid = shapes(tiny);
    const rnd = shapes({ ...tiny, mode: 'random', count: 200, seed: 3 });
    expect(rnd.count).toBe(200);
    const sizes = [3, 2, 3, 4, 5];
    const pixels = 16 * 16;
    const r = 0.16 * 16;
    const kinds: ShapeKind[] = ['square', 'ellipse', 'heart'];
    for (let i = 0; i < rnd.count; i++) {
      const digits = Array.from(rnd.factors?.values.subarray(i * 5, i * 5 + 5) ?? []);
      const index = digits.reduce((acc, d, f) => acc * (sizes[f] as number) + d, 0);
      expect(image(rnd.x, i, pixels)).toEqual(image(grid.x, index, pixels));
      expect(rnd.labels?.[i]).toBe(digits[0]);
      // And a direct rendering from the level values.
      const [shape, scale, rot, px, py] = digits as [number, number, number, number, number];
      const direct = new Float32Array(pixels);
      drawShape(direct, 0, 16, {
        kind: kinds[shape] as ShapeKind,
        radius: r * (scale === 0 ? 0.5 : 1),
        rotation: (2 * Math.PI * rot) / 3,
        cx: r + (px / 3) * (16 - 2 * r),
        cy: r + (py / 4) * (16 - 2 * r),
      });
      expect(image(rnd.x, i, pixels)).toEqual(direct);
    }
    validateDataset(rnd, { checkValues: true });
  });

  it('is reproducible by seed and draws every level about equally often', () => {
    const a = shapes({ ...tiny, mode: 'random', count: 3000, seed: 5 });
    const b = shapes({ ...tiny, mode: 'random', count: 3000, seed: 5 });
    const c = shapes({ ...tiny, mode: 'random', count: 3000, seed: 6 });
    expect(a.factors?.values).toEqual(b.factors?.values);
    expect(a.x.every((v, k) => v === b.x[k])).toBe(true);
    expect(a.factors?.values).not.toEqual(c.factors?.values);
    [3, 2, 3, 4, 5].forEach((size, f) => {
      const counts = new Array(size).fill(0);
      for (let i = 0; i < 3000; i++) counts[a.factors?.values[i * 5 + f] as number]++;
      const p = 1 / size;
      const se = Math.sqrt(3000 * p * (1 - p));
      for (const n of counts) expect(Math.abs(n - 3000 * p)).toBeLessThan(4 * se);
    });
  });
});

describe('SHAPES_SMALL', () => {
  it('is a 4,608-image grid of 32 × 32', () => {
    const ds = shapes(SHAPES_SMALL);
    expect(ds.count).toBe(4608);
    expect(ds.shape).toEqual([32, 32, 1]);
    expect(ds.factors?.sizes).toEqual([3, 3, 8, 8, 8]);
  });
});

describe('shapes errors', () => {
  it('refuses a grid above 2 GiB, giving the bytes and a way out', () => {
    // Full dSprites grid at 64 px: 737,280 images × 4,096 px × 4 bytes.
    expect(() => shapes()).toThrow(/737280 images of 64 × 64 would need 12079595520 bytes/);
    expect(() => shapes()).toThrow(/mode: 'random', count/);
    expect(codeOf(() => shapes())).toBe('DATASET_TOO_LARGE');
  });

  it.each<[string, ShapesOptions, string, RegExp]>([
    ['size', { ...tiny, size: 0 }, 'DATASET_BAD_PARAMETER', /size must be an integer ≥ 1, got 0/],
    [
      'shape name',
      { ...tiny, shapes: ['star' as ShapeKind] },
      'DATASET_BAD_PARAMETER',
      /shapes\[0\] is "star"/,
    ],
    [
      'repeated shape',
      { ...tiny, shapes: ['heart', 'heart'] },
      'DATASET_BAD_PARAMETER',
      /shapes\[1\]/,
    ],
    [
      'scale',
      { ...tiny, scales: [0.5, -1] },
      'DATASET_BAD_PARAMETER',
      /scales\[1\] must be > 0, got -1/,
    ],
    [
      'position',
      { ...tiny, positionsX: [1.5] },
      'DATASET_BAD_PARAMETER',
      /positionsX\[0\] must be a number in \[0, 1\], got 1.5/,
    ],
    [
      'rotation count',
      { ...tiny, rotations: 2.5 },
      'DATASET_BAD_PARAMETER',
      /rotations must be an integer ≥ 1/,
    ],
    [
      'radius',
      { ...tiny, radius: 0.6 },
      'DATASET_BAD_PARAMETER',
      /radius × max\(scales\) must be in \(0, 0.5\]/,
    ],
    [
      'missing count',
      { ...tiny, mode: 'random' },
      'DATASET_BAD_OPTIONS',
      /mode 'random' needs count/,
    ],
    [
      'mode',
      { ...tiny, mode: 'all' as 'grid' },
      'DATASET_BAD_OPTIONS',
      /mode must be 'grid' or 'random'/,
    ],
    [
      'seed',
      { ...tiny, mode: 'random', count: 2, seed: 0.5 },
      'DATASET_BAD_PARAMETER',
      /seed must be an integer/,
    ],
  ])('rejects a bad %s', (_what, options, code, message) => {
    expect(() => shapes(options)).toThrow(message);
    expect(codeOf(() => shapes(options))).toBe(code);
  });
});
