import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from './images/png.js';
import { parseMetrics, writeLossPlot } from './loss-plot.js';
import { CATEGORY_10 } from './plots/palette.js';
import { dark, near, pixelStats } from './plots/pixels.js';
import type { PlotError } from './plots/plot-error.js';

const [TRAIN, VALIDATION] = CATEGORY_10 as [string, string];

/** Eight epochs of a VAE: total ≈ 200…110, reconstruction ≈ 190…95, KL ≈ 5…12. */
const VAE_LINES = Array.from({ length: 8 }, (_, i) => {
  const e = i + 1;
  const rec = 95 + 95 / e;
  const kl = 5 + e;
  return JSON.stringify({
    epoch: e,
    step: 10 * e,
    total: rec + kl,
    reconstruction: rec,
    kl,
    val_total: rec + kl + 3,
    val_reconstruction: rec + 2.5,
    val_kl: kl + 0.5,
    seconds: 1.5,
    samplesPerSecond: 4000,
  });
});

describe('parseMetrics', () => {
  it('reads every term per epoch, train and validation, and skips bookkeeping and nulls', () => {
    const text = [
      '{"epoch":1,"step":5,"reconstruction":10,"total":12,"val_total":13,"seconds":1}',
      '',
      '{"epoch":2,"step":10,"reconstruction":8,"total":null,"val_total":11,"samplesPerSecond":9}',
    ].join('\n');
    const { terms, points } = parseMetrics(text, 'metrics.jsonl');
    expect(terms).toEqual(['total', 'reconstruction']);
    expect(points).toEqual([
      { term: 'reconstruction', split: 'train', epoch: 1, value: 10 },
      { term: 'total', split: 'train', epoch: 1, value: 12 },
      { term: 'total', split: 'validation', epoch: 1, value: 13 },
      { term: 'reconstruction', split: 'train', epoch: 2, value: 8 },
      { term: 'total', split: 'validation', epoch: 2, value: 11 },
    ]);
  });

  it('names the file and line of a line that is not JSON', () => {
    expect(() => parseMetrics('{"total":1}\n{"total":', 'm.jsonl')).toThrow(
      /m\.jsonl line 2 is not JSON/,
    );
    expect(() => parseMetrics('{"epoch":1,"seconds":2}\n', 'm.jsonl')).toThrow(
      /m\.jsonl holds no loss values/,
    );
  });
});

describe('writeLossPlot', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ae-loss-plot-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('draws one panel per term, each curve spanning its own panel', async () => {
    const metrics = join(dir, 'metrics.jsonl');
    await writeFile(metrics, `${VAE_LINES.join('\n')}\n`);
    const out = join(dir, 'loss.png');
    await writeLossPlot(metrics, out);
    expect(await readdir(dir)).toEqual(['loss.png', 'metrics.jsonl']); // no temporary left
    const png = decodePng(await readFile(out));
    expect(png.width).toBeGreaterThan(900);
    expect(png.height).toBeGreaterThan(500);
    expect(pixelStats(png, dark(), { y1: 60 }).count).toBeGreaterThan(300); // title
    // Three terms side by side: in each third the training curve (solid blue) and the
    // validation curve (dashed orange) are drawn, and the training curve spans most of
    // its panel's height. On one shared axis the KL (5…13) would be a flat line at the
    // bottom, under 20 px tall.
    const third = png.width / 3;
    const spans: number[] = [];
    for (let k = 0; k < 3; k++) {
      const region = { x0: Math.round(k * third), x1: Math.round((k + 1) * third), y0: 200 };
      const train = pixelStats(png, near(TRAIN), region);
      const val = pixelStats(png, near(VALIDATION), region);
      expect(train.count, `panel ${k}`).toBeGreaterThan(300);
      expect(val.count, `panel ${k}`).toBeGreaterThan(150);
      spans.push(train.maxY - train.minY);
    }
    for (const s of spans) expect(s).toBeGreaterThan(250);
    // The KL rises: in its panel (the third) the curve's left end is lower down than its right.
    const kl = { x0: Math.round(2 * third), x1: png.width, y0: 200 };
    const left = pixelStats(png, near(TRAIN), { ...kl, x1: kl.x0 + 120 });
    const right = pixelStats(png, near(TRAIN), { ...kl, x0: png.width - 120 });
    expect(left.meanY).toBeGreaterThan(right.meanY + 100);
  });

  it('fails with PLOT_BAD_METRICS naming a missing file', async () => {
    const err = await writeLossPlot(join(dir, 'none.jsonl'), join(dir, 'x.png')).catch(
      (e: PlotError) => e,
    );
    expect((err as PlotError).code).toBe('PLOT_BAD_METRICS');
    expect((err as PlotError).message).toMatch(/cannot read .*none\.jsonl \(ENOENT\)/);
  });
});
