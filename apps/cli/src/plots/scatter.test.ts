import { describe, expect, it } from 'vitest';
import { decodePng } from '../images/png.js';
import { CATEGORY_10, CATEGORY_20, NEUTRAL } from './palette.js';
import { dark, near, overWhite, pixelStats } from './pixels.js';
import type { PlotError } from './plot-error.js';
import { POINT_OPACITY, scatterPng } from './scatter.js';

/** What a lone dot of palette colour `hex` looks like. */
const dot = (hex: string | undefined, tolerance?: number) =>
  near(overWhite(hex as string, POINT_OPACITY), tolerance);

/** 40 points per class around the given centres (deterministic jitter). */
function clusters(centres: [number, number][]) {
  const x: number[] = [];
  const y: number[] = [];
  const labels: number[] = [];
  centres.forEach(([cx, cy], k) => {
    for (let i = 0; i < 40; i++) {
      x.push(cx + 0.8 * Math.cos(i * 2.4));
      y.push(cy + 0.8 * Math.sin(i * 1.7));
      labels.push(k);
    }
  });
  return { x, y, labels };
}

describe('scatterPng', () => {
  it('places each class where its points are, in its palette colour, with a legend', async () => {
    // Class 0 bottom-left, class 1 to its right, class 2 above class 0.
    const pts = clusters([
      [0, 0],
      [10, 0],
      [0, 10],
    ]);
    const png = decodePng(
      await scatterPng(pts, { title: 'Three classes', classNames: ['zero', 'one', 'two'] }),
    );
    expect([png.width, png.height]).toEqual([1280, 800]);
    const [c0, c1, c2] = [0, 1, 2].map((k) => pixelStats(png, dot(CATEGORY_10[k]))) as [
      ReturnType<typeof pixelStats>,
      ReturnType<typeof pixelStats>,
      ReturnType<typeof pixelStats>,
    ];
    for (const c of [c0, c1, c2]) expect(c.count).toBeGreaterThan(400);
    expect(c1.meanX - c0.meanX).toBeGreaterThan(300); // right of class 0
    expect(Math.abs(c1.meanY - c0.meanY)).toBeLessThan(60);
    expect(c0.meanY - c2.meanY).toBeGreaterThan(300); // above class 0 (rows grow downwards)
    expect(Math.abs(c2.meanX - c0.meanX)).toBeLessThan(60);
    // Colour 3 of the palette is unused; the legend names the classes in dark text.
    expect(pixelStats(png, dot(CATEGORY_10[3])).count).toBe(0);
    expect(pixelStats(png, dark(), { x0: 1050, y0: 60, y1: 260 }).count).toBeGreaterThan(300);
    // Title rendered at the top.
    expect(pixelStats(png, dark(), { y1: 50 }).count).toBeGreaterThan(300);
  });

  it('draws unlabelled points in one colour and no legend', async () => {
    const { x, y } = clusters([
      [0, 0],
      [5, 5],
    ]);
    const png = decodePng(await scatterPng({ x, y }, { title: 'unlabelled', xLabel: 'z1' }));
    expect(pixelStats(png, dot(NEUTRAL)).count).toBeGreaterThan(400);
    expect(pixelStats(png, dot(CATEGORY_10[1])).count).toBe(0);
  });

  it('keeps the plot in place under a long or two-line title', async () => {
    const { x, y } = clusters([
      [0, 0],
      [5, 5],
    ]);
    const where = async (title: string) =>
      pixelStats(decodePng(await scatterPng({ x, y }, { title })), dot(NEUTRAL));
    const short = await where('short');
    const long = await where(`a title far wider than the chart ${'and more '.repeat(30)}`);
    expect(Math.abs(long.meanX - short.meanX)).toBeLessThan(2);
    expect(Math.abs(long.meanY - short.meanY)).toBeLessThan(2);
    const two = await where('first line\nsecond line');
    expect(two.minY - short.minY).toBeGreaterThan(10); // room made for the second line
  });

  it('uses 20 distinct colours for 20 classes', async () => {
    const centres = Array.from(
      { length: 20 },
      (_, k) => [k % 5, Math.floor(k / 5)] as [number, number],
    );
    const pts = clusters(centres);
    // Tighter clusters so colours do not blend where points overlap.
    const png = decodePng(
      await scatterPng(
        { x: pts.x.map((v) => v * 4), y: pts.y.map((v) => v * 4), labels: pts.labels },
        { title: '20 classes', width: 800, height: 500 },
      ),
    );
    for (const hex of CATEGORY_20) {
      expect(pixelStats(png, dot(hex, 6)).count, hex).toBeGreaterThan(50);
    }
  });

  it('rejects labels without a class name, misaligned arrays and NaN', async () => {
    const code = async (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: PlotError) => `${e.code}: ${e.message}`,
      );
    const o = { title: 't', classNames: ['a', 'b'] };
    expect(await code(scatterPng({ x: [0, 1], y: [0, 1], labels: [0, 2] }, o))).toMatch(
      /^PLOT_BAD_LABEL: scatterPng: labels\[1\] is 2; .*from 0 to 1/,
    );
    expect(
      await code(scatterPng({ x: [0, 1], y: [0, 1], labels: [0, 0.5] }, { title: 't' })),
    ).toMatch(/^PLOT_BAD_LABEL: .*labels\[1\] is 0.5/);
    expect(await code(scatterPng({ x: [0, 1], y: [0] }, o))).toMatch(/^PLOT_LENGTH_MISMATCH/);
    expect(await code(scatterPng({ x: [0, Infinity], y: [0, 1] }, o))).toMatch(
      /^PLOT_NOT_FINITE: .*x\[1\] is Infinity/,
    );
    expect(await code(scatterPng({ x: [], y: [] }, o))).toMatch(/^PLOT_EMPTY/);
  });
});
