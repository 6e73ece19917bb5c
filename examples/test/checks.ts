/** Checks the examples test shares: a falling loss and a written, non-blank picture. */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { expect } from 'vitest';
import type { ExampleResult, Picture } from '../shared/run.js';

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;

/** The mean loss of the last quarter of the steps is below `ratio` × that of the first quarter. */
export function expectLossFalls(result: ExampleResult, ratio = 0.9): void {
  const steps = result.batchLosses;
  expect(steps.length).toBeGreaterThanOrEqual(8);
  expect(steps.every(Number.isFinite)).toBe(true);
  const q = Math.floor(steps.length / 4);
  expect(mean(steps.slice(-q))).toBeLessThan(ratio * mean(steps.slice(0, q)));
}

/**
 * The PNG exists with the size the example reported, at least `min` pixels each way, and
 * is not blank (its grey levels vary).
 */
export function expectPicture(p: Picture | undefined, min: { width: number; height: number }) {
  expect(p).toBeDefined();
  const png = PNG.sync.read(readFileSync((p as Picture).path));
  expect([png.width, png.height]).toEqual([(p as Picture).width, (p as Picture).height]);
  expect(png.width).toBeGreaterThanOrEqual(min.width);
  expect(png.height).toBeGreaterThanOrEqual(min.height);
  let s = 0;
  let s2 = 0;
  const n = png.width * png.height;
  for (let i = 0; i < n; i++) {
    const v = png.data[4 * i] as number;
    s += v;
    s2 += v * v;
  }
  const std = Math.sqrt(s2 / n - (s / n) ** 2);
  expect(std).toBeGreaterThan(10);
  return png;
}
