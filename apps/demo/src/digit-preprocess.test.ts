import { describe, expect, it } from 'vitest';
import { MNIST_SIDE, toMnistDigit } from './digit-preprocess.js';

/** A `size`² canvas with a filled rectangle [x0, x1) × [y0, y1) of ink 1. */
function canvas(size: number, x0: number, x1: number, y0: number, y1: number): Float32Array {
  const px = new Float32Array(size * size);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) px[y * size + x] = 1;
  return px;
}

function stats(img: Float32Array) {
  let mass = 0;
  let mx = 0;
  let my = 0;
  let rows = 0;
  let cols = 0;
  for (let y = 0; y < MNIST_SIDE; y++) {
    let rowInk = false;
    for (let x = 0; x < MNIST_SIDE; x++) {
      const v = img[y * MNIST_SIDE + x] as number;
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
      if (v > 0.5) rowInk = true;
    }
    if (rowInk) rows++;
  }
  for (let x = 0; x < MNIST_SIDE; x++) {
    let colInk = false;
    for (let y = 0; y < MNIST_SIDE; y++)
      if ((img[y * MNIST_SIDE + x] as number) > 0.5) colInk = true;
    if (colInk) cols++;
  }
  return { cx: mx / mass, cy: my / mass, rows, cols };
}

describe('toMnistDigit', () => {
  it('returns null for an empty drawing', () => {
    expect(toMnistDigit(new Float32Array(100 * 100), 100, 100)).toBeNull();
  });

  it('scales a tall stroke to 20 px high, keeps its aspect and centres its mass', () => {
    // A 40 × 200 bar in the top-left corner of a 280² canvas.
    const img = toMnistDigit(canvas(280, 10, 50, 5, 205), 280, 280) as Float32Array;
    expect(img).toHaveLength(784);
    const s = stats(img);
    // 200 px → 20 px high, 40 px → 4 px wide (ink > 0.5 after the [1,2,1]/4 blur keeps the extent)
    expect(s.rows).toBe(20);
    expect(s.cols).toBe(4);
    expect(Math.abs(s.cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(s.cy - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.max(...img)).toBeCloseTo(1, 6);
    expect(Math.min(...img)).toBeGreaterThanOrEqual(0);
  });

  it('area-averages: a 2×2 block with one empty pixel becomes one 3/4-bright pixel', () => {
    // 40×40 ink → 20×20 (factor 2). Input pixel (21, 21) is empty, so output pixel (10, 10)
    // averages 1, 1, 1, 0 = 0.75; the square is placed at 4…23, so it lands on (14, 14).
    // The blur then gives 1 − (1 − 0.75) · (2/4)² = 0.9375 there; the maximum stays 1.
    const px = canvas(100, 1, 41, 1, 41);
    px[21 * 100 + 21] = 0;
    const img = toMnistDigit(px, 100, 100) as Float32Array;
    expect(img[14 * MNIST_SIDE + 14]).toBeCloseTo(0.9375, 6);
    expect(img[10 * MNIST_SIDE + 10]).toBeCloseTo(1, 6);
  });

  it('blurs: the corner of a square is dimmer than its middle', () => {
    const img = toMnistDigit(canvas(56, 0, 56, 0, 56), 56, 56) as Float32Array;
    const corner = img[4 * MNIST_SIDE + 4] as number; // the square spans 4…23
    const middle = img[14 * MNIST_SIDE + 14] as number;
    // Inside a uniform square the blur changes nothing; at the corner 3 of 4 kernel quadrants
    // see no ink: (2/4 + 1/4) along each axis → 0.75 × 0.75 = 0.5625.
    expect(middle).toBeCloseTo(1, 6);
    expect(corner).toBeCloseTo(0.5625, 6);
  });
});
