import { createRng } from '@ae/backend';
import { describe, expect, it } from 'vitest';
import {
  drawShape,
  HEART_CENTROID_Y,
  HEART_SCALE,
  insideUnitShape,
  SHAPE_KINDS,
  type ShapeKind,
} from './shape-geometry.js';

/** Area and centroid y of the heart (x² + y² − 1)³ − x²y³ ≤ 0 by midpoint sums on a fine grid. */
function heartCurveMoments(): { area: number; centroidY: number } {
  const n = 1500;
  const h = 3 / n;
  let count = 0;
  let sumY = 0;
  for (let a = 0; a < n; a++) {
    const y = -1.5 + (a + 0.5) * h;
    for (let b = 0; b < n; b++) {
      const x = -1.5 + (b + 0.5) * h;
      const r = x * x + y * y - 1;
      if (r ** 3 - x * x * y ** 3 <= 0) {
        count++;
        sumY += y;
      }
    }
  }
  return { area: count * h * h, centroidY: sumY / count };
}

const heart = heartCurveMoments();

/** Analytic area of each unit shape (the heart's from the numerical integral above). */
const unitArea: Record<ShapeKind, number> = {
  square: (2 * Math.SQRT1_2) ** 2,
  ellipse: Math.PI * 1 * 0.5,
  heart: heart.area / HEART_SCALE ** 2,
};

function render(kind: ShapeKind, radius: number, rotation: number, cx: number, cy: number) {
  const size = 64;
  const img = new Float32Array(size * size);
  drawShape(img, 0, size, { kind, radius, rotation, cx, cy });
  return img;
}

/** Number of ON pixels and their centroid (pixel centres at j + 0.5, i + 0.5). */
function moments(img: Float32Array, size = 64) {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let minRow = size;
  let maxRow = -1;
  let minCol = size;
  let maxCol = -1;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      if (img[i * size + j] !== 1) continue;
      n++;
      sx += j + 0.5;
      sy += i + 0.5;
      minRow = Math.min(minRow, i);
      maxRow = Math.max(maxRow, i);
      minCol = Math.min(minCol, j);
      maxCol = Math.max(maxCol, j);
    }
  }
  return { n, cx: sx / n, cy: sy / n, minRow, maxRow, minCol, maxCol };
}

describe('unit shapes', () => {
  it('centre the heart on its centroid (checked by an independent integral)', () => {
    expect(heart.area).toBeCloseTo(3.662, 2);
    expect(Math.abs(heart.centroidY - HEART_CENTROID_Y)).toBeLessThan(2e-3);
    // The tip (0, −1) is the farthest point from the centroid; the scale covers it.
    expect(HEART_SCALE).toBeGreaterThanOrEqual(1 + HEART_CENTROID_Y);
  });

  it('fit inside the unit disk in every direction', () => {
    for (const kind of SHAPE_KINDS) {
      for (let k = 0; k < 3600; k++) {
        const t = (2 * Math.PI * k) / 3600;
        expect(insideUnitShape(kind, 1.0005 * Math.cos(t), 1.0005 * Math.sin(t))).toBe(false);
      }
      expect(insideUnitShape(kind, 0, 0)).toBe(true);
    }
  });

  it('touch the unit circle (no wasted room): square corners, ellipse ends, heart tip', () => {
    const s = 0.999 * Math.SQRT1_2;
    expect(insideUnitShape('square', s, -s)).toBe(true);
    expect(insideUnitShape('ellipse', 0.999, 0)).toBe(true);
    expect(insideUnitShape('ellipse', 0, 0.51)).toBe(false);
    expect(insideUnitShape('heart', 0, -0.995)).toBe(true);
  });
});

describe('drawShape', () => {
  const cases: [number, number, number][] = [
    [0, 32, 32],
    [0.3, 30.2, 33.7],
    [1.1, 27.9, 35.35],
    [2.5, 33.3, 29.8],
  ];

  it.each(SHAPE_KINDS)('covers the analytic area of a %s', (kind) => {
    const radius = 20;
    const expected = unitArea[kind] * radius * radius;
    for (const [rotation, cx, cy] of cases) {
      // One image: off by at most a thin band along the outline.
      const { n } = moments(render(kind, radius, rotation, cx, cy));
      expect(Math.abs(n - expected) / expected).toBeLessThan(0.06);
      // Over uniform sub-pixel offsets, pixel-centre sampling is unbiased.
      const rng = createRng(7);
      let sum = 0;
      const trials = 60;
      for (let t = 0; t < trials; t++) {
        sum += moments(render(kind, radius, rotation, cx + rng.next(), cy + rng.next())).n;
      }
      expect(Math.abs(sum / trials - expected) / expected).toBeLessThan(0.006);
    }
  });

  it.each(SHAPE_KINDS)('puts the centroid of a %s within 0.2 px of its centre', (kind) => {
    for (const [rotation, cx, cy] of cases) {
      const m = moments(render(kind, 15, rotation, cx, cy));
      expect(Math.abs(m.cx - cx)).toBeLessThan(0.2);
      expect(Math.abs(m.cy - cy)).toBeLessThan(0.2);
    }
  });

  it('draws a square rotated by 90° and an ellipse by 180° identically', () => {
    for (const [rotation, cx, cy] of cases) {
      const q = Math.PI / 2;
      expect(render('square', 12, rotation + q, cx, cy)).toEqual(
        render('square', 12, rotation, cx, cy),
      );
      expect(render('ellipse', 12, rotation + 2 * q, cx, cy)).toEqual(
        render('ellipse', 12, rotation, cx, cy),
      );
      expect(render('ellipse', 12, rotation + q, cx, cy)).not.toEqual(
        render('ellipse', 12, rotation, cx, cy),
      );
    }
  });

  it('rotates counter-clockwise on screen, heart tip down at rotation 0', () => {
    const flat = moments(render('ellipse', 16, 0, 32, 32));
    expect(flat.maxCol - flat.minCol).toBeGreaterThan(2 * (flat.maxRow - flat.minRow) - 3);
    const upright = moments(render('ellipse', 16, Math.PI / 2, 32, 32));
    expect(upright.maxRow - upright.minRow).toBeGreaterThan(28);
    // The tip is 16 px below the centroid; the lobes reach only (1.2366 − 0.2935) / k × 16 ≈ 11.7 px up.
    const h = moments(render('heart', 16, 0, 32, 32));
    expect(h.maxRow + 1 - 32).toBeGreaterThan(14);
    expect(32 - h.minRow).toBeLessThan(12.5);
    // A quarter turn counter-clockwise moves the tip from below to the right.
    const turned = moments(render('heart', 16, Math.PI / 2, 32, 32));
    expect(turned.maxCol + 1 - 32).toBeGreaterThan(14);
    expect(32 - turned.minCol).toBeLessThan(12.5);
  });

  it('only writes inside its own image and clips nothing that fits', () => {
    const size = 16;
    const out = new Float32Array(3 * size * size);
    drawShape(out, size * size, size, {
      kind: 'square',
      radius: 7.9,
      rotation: 0.7,
      cx: 8,
      cy: 8,
    });
    expect(out.subarray(0, size * size).every((v) => v === 0)).toBe(true);
    expect(out.subarray(2 * size * size).every((v) => v === 0)).toBe(true);
    const n = out.reduce((a, v) => a + v, 0);
    expect(Math.abs(n - 2 * 7.9 * 7.9) / (2 * 7.9 * 7.9)).toBeLessThan(0.06);
  });
});
