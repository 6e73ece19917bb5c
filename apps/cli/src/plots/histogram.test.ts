import { describe, expect, it } from 'vitest';
import { decodePng } from '../images/png.js';
import { histogramPng, shareBins } from './histogram.js';
import { CATEGORY_10 } from './palette.js';
import { dark, near, pixelStats } from './pixels.js';
import type { PlotError } from './plot-error.js';

describe('shareBins', () => {
  it('counts every group on the same equal-width bins (last bin closed)', () => {
    // Range 0…4 in 4 bins: [0,1) [1,2) [2,3) [3,4].
    const { edges, counts } = shareBins(
      [
        { name: 'a', values: [0, 0.5, 1, 3.999] },
        { name: 'b', values: [4, 2, 2.5] },
      ],
      4,
    );
    expect(edges).toEqual([0, 1, 2, 3, 4]);
    expect(counts).toEqual([
      [2, 1, 0, 1],
      [0, 0, 2, 1],
    ]);
  });

  it('gives a single value a unit-wide range', () => {
    const { edges, counts } = shareBins([{ name: 'a', values: [7, 7] }], 2);
    expect(edges).toEqual([6.5, 7, 7.5]);
    expect(counts).toEqual([[0, 2]]);
  });
});

describe('histogramPng', () => {
  it('draws each group over its own values, as a fraction of the group', async () => {
    // 'low' (1,000 values) sits in 0…1, 'high' (20 values) in 9…10: both as tall.
    const low = Array.from({ length: 1000 }, (_, i) => (i % 100) / 100);
    const high = Array.from({ length: 20 }, (_, i) => 9 + i / 20);
    const png = decodePng(
      await histogramPng(
        [
          { name: 'low', values: low },
          { name: 'high', values: high },
        ],
        { title: 'Scores', xLabel: 'score', bins: 10 },
      ),
    );
    expect([png.width, png.height]).toEqual([1280, 800]);
    // Upper half of the plot, left of the legend: only the two full bins reach there.
    const plot = { x1: 1000, y1: 400 };
    const a = pixelStats(png, near(CATEGORY_10[0] as string), plot);
    const b = pixelStats(png, near(CATEGORY_10[1] as string), plot);
    expect(a.count).toBeGreaterThan(200);
    expect(b.count).toBeGreaterThan(200);
    expect(b.meanX - a.meanX).toBeGreaterThan(500);
    // Both groups fill one bin entirely: their outlines reach the same height.
    expect(Math.abs(a.minY - b.minY)).toBeLessThan(4);
    expect(pixelStats(png, dark(), { y1: 50 }).count).toBeGreaterThan(150); // title
  });

  it('rejects empty input and a bad bin count', async () => {
    const code = async (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: PlotError) => `${e.code}: ${e.message}`,
      );
    const o = { title: 't', xLabel: 'x' };
    expect(await code(histogramPng([{ name: 'a', values: [] }], o))).toMatch(/^PLOT_EMPTY/);
    expect(await code(histogramPng([{ name: 'a', values: [1] }], { ...o, bins: 0 }))).toMatch(
      /^PLOT_BAD_OPTION: .*bins is 0/,
    );
    expect(await code(histogramPng([{ name: 'a', values: [1, Number.NaN] }], o))).toMatch(
      /^PLOT_NOT_FINITE: .*'a' values\[1\] is NaN/,
    );
  });
});
