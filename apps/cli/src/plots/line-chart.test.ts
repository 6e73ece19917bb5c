import { describe, expect, it } from 'vitest';
import { decodePng } from '../images/png.js';
import { lineChartPng } from './line-chart.js';
import { CATEGORY_10 } from './palette.js';
import { dark, near, pixelStats } from './pixels.js';
import type { PlotError } from './plot-error.js';

const [BLUE, ORANGE, GREEN] = CATEGORY_10 as [string, string, string];
const flat = (name: string, y: number) => ({
  name,
  x: [1, 2, 3, 4, 5, 6],
  y: new Array(6).fill(y),
});

describe('lineChartPng', () => {
  it('draws a 2× PNG of the requested size on white, with a title', async () => {
    const png = decodePng(
      await lineChartPng([{ name: 'loss', x: [1, 2, 3], y: [3, 2, 1.5] }], {
        title: 'Loss per epoch',
        xLabel: 'epoch',
        yLabel: 'nats',
        width: 500,
        height: 300,
      }),
    );
    expect([png.width, png.height]).toEqual([1000, 600]);
    expect([...png.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    // Title: dark text pixels in the top band, centred.
    const title = pixelStats(png, dark(), { y1: 50 });
    expect(title.count).toBeGreaterThan(300);
    expect(Math.abs(title.meanX - 500)).toBeLessThan(150);
    // The one series is drawn in the first palette colour, not the second.
    expect(pixelStats(png, near(BLUE)).count).toBeGreaterThan(500);
    expect(pixelStats(png, near(ORANGE)).count).toBe(0);
  });

  it('puts a log-scale midpoint halfway between its decades', async () => {
    // Constant series at 1, 10 and 100: on a log axis 10 lies exactly midway.
    const o = { title: 't', xLabel: 'x', yLabel: 'y' };
    const log = decodePng(
      await lineChartPng([flat('a', 1), flat('b', 10), flat('c', 100)], { ...o, logY: true }),
    );
    const plot = { x1: Math.round(log.width * 0.75) }; // left of the legend
    const [a, b, c] = [BLUE, ORANGE, GREEN].map((h) => pixelStats(log, near(h), plot).meanY) as [
      number,
      number,
      number,
    ];
    expect(a).toBeGreaterThan(c); // larger values higher up
    expect(Math.abs(b - (a + c) / 2)).toBeLessThan(4);
    // On a linear axis 10 is 9/99 of the way from 1 to 100.
    const lin = decodePng(await lineChartPng([flat('a', 1), flat('b', 10), flat('c', 100)], o));
    const [la, lb, lc] = [BLUE, ORANGE, GREEN].map((h) => pixelStats(lin, near(h), plot).meanY) as [
      number,
      number,
      number,
    ];
    expect(Math.abs((la - lb) / (la - lc) - 9 / 99)).toBeLessThan(0.02);
  });

  it('shows a legend only for several series', async () => {
    const o = { title: 't', xLabel: 'x', yLabel: 'y' };
    const one = decodePng(await lineChartPng([flat('training', 1)], o));
    const two = decodePng(await lineChartPng([flat('training', 1), flat('validation', 2)], o));
    // The legend (right) holds dark label text; without it the plot reaches the edge.
    const right = (img: typeof one) => ({ x0: Math.round(img.width * 0.8), y0: 60, y1: 300 });
    expect(pixelStats(two, dark(), right(two)).count).toBeGreaterThan(300);
    expect(pixelStats(two, near(ORANGE), right(two)).count).toBeGreaterThan(20);
    expect(pixelStats(one, dark(), right(one)).count).toBeLessThan(20);
  });

  it('draws a single-point series as a dot', async () => {
    const png = decodePng(
      await lineChartPng([{ name: 'a', x: [1], y: [5] }], { title: 't', xLabel: 'x', yLabel: 'y' }),
    );
    expect(pixelStats(png, near(BLUE)).count).toBeGreaterThan(40);
  });

  it('rejects bad input before drawing, naming the series and value', async () => {
    const o = { title: 't', xLabel: 'x', yLabel: 'y' };
    const code = async (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: PlotError) => `${e.code}: ${e.message}`,
      );
    expect(await code(lineChartPng([], o))).toMatch(/^PLOT_EMPTY/);
    expect(await code(lineChartPng([{ name: 's', x: [1, 2], y: [1] }], o))).toMatch(
      /^PLOT_LENGTH_MISMATCH: .*'s' x has 2 values but y has 1/,
    );
    expect(await code(lineChartPng([{ name: 's', x: [1, 2], y: [1, Number.NaN] }], o))).toMatch(
      /^PLOT_NOT_FINITE: .*'s' y\[1\] is NaN/,
    );
    expect(
      await code(lineChartPng([{ name: 's', x: [1, 2], y: [1, 0] }], { ...o, logY: true })),
    ).toMatch(/^PLOT_NOT_POSITIVE: .*y\[1\] is 0.*logY: false/);
    expect(await code(lineChartPng([flat('a', 1), flat('a', 2)], o))).toMatch(
      /^PLOT_BAD_OPTION: .*two series are named 'a'/,
    );
    expect(await code(lineChartPng([flat('a', 1)], { ...o, width: 10 }))).toMatch(
      /^PLOT_BAD_OPTION: .*width is 10/,
    );
  });
});
