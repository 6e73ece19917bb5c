/**
 * The loss-curve picture of a run: every term of `metrics.jsonl` against the epoch, one
 * small panel per term with its own y scale (a KL of 5 nats and a reconstruction of 150
 * would otherwise share one axis and one of them would be a flat line), training solid,
 * validation (`val_` terms) dashed.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { writeFileAtomic } from '@ae/core/node';
import type { TopLevelSpec } from 'vega-lite';
import { CATEGORY_10 } from './plots/palette.js';
import { PlotError } from './plots/plot-error.js';
import { renderPng } from './plots/render.js';

/** Entries of an epoch's logs that are bookkeeping, not loss terms. */
const NOT_TERMS = new Set(['epoch', 'step', 'seconds', 'samplesPerSecond']);

/** One point of a loss curve. */
export interface LossPoint {
  /** Term without its `val_` prefix, e.g. `'kl'`. */
  term: string;
  /** Which data the value was measured on. */
  split: 'train' | 'validation';
  /** 1-based epoch. */
  epoch: number;
  /** The logged value. */
  value: number;
}

/**
 * The points of a `metrics.jsonl` text (one JSON object per epoch): every numeric
 * entry but the bookkeeping ones; non-finite values (logged as `null`) are left out.
 * Terms come back in order of first appearance, `total` first.
 */
export function parseMetrics(text: string, file: string): { terms: string[]; points: LossPoint[] } {
  const points: LossPoint[] = [];
  const terms: string[] = [];
  let count = 0;
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    count++;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new PlotError(
        'PLOT_BAD_METRICS',
        `writeLossPlot: ${file} line ${i + 1} is not JSON (${JSON.stringify(line.slice(0, 40))}); each line must be one epoch's logs as written by 'ae train'.`,
      );
    }
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw new PlotError(
        'PLOT_BAD_METRICS',
        `writeLossPlot: ${file} line ${i + 1} is not a JSON object; each line must be one epoch's logs as written by 'ae train'.`,
      );
    }
    const logs = row as Record<string, unknown>;
    const epoch = typeof logs.epoch === 'number' ? logs.epoch : count;
    for (const [key, value] of Object.entries(logs)) {
      if (NOT_TERMS.has(key) || typeof value !== 'number' || !Number.isFinite(value)) continue;
      const validation = key.startsWith('val_');
      const term = validation ? key.slice(4) : key;
      if (!terms.includes(term)) terms.push(term);
      points.push({ term, split: validation ? 'validation' : 'train', epoch, value });
    }
  });
  if (points.length === 0) {
    throw new PlotError(
      'PLOT_BAD_METRICS',
      `writeLossPlot: ${file} holds no loss values; it needs lines like {"epoch":1,"total":120.5}. Train at least one epoch first.`,
    );
  }
  terms.sort((a, b) => (a === 'total' ? -1 : b === 'total' ? 1 : 0));
  return { terms, points };
}

/** Panels per row for `n` terms. */
const columnsFor = (n: number) => (n <= 3 ? n : n === 4 ? 2 : 3);

/** The Vega-Lite spec of the loss picture: one panel per term, each with its own y scale. */
export function lossSpec(terms: string[], points: LossPoint[], title: string): TopLevelSpec {
  const columns = columnsFor(terms.length);
  const rows = Math.ceil(terms.length / columns);
  const epochs = points.map((p) => p.epoch);
  const first = Math.min(...epochs);
  const last = Math.max(...epochs);
  const splits = ['train', 'validation'];
  const panel = (term: string) => ({
    title: { text: term, fontSize: 12, frame: 'group' },
    width: Math.round(540 / columns) - 50,
    height: rows === 1 ? 240 : Math.round(320 / rows),
    data: { values: points.filter((p) => p.term === term) },
    mark: { type: 'line', strokeWidth: 2, point: last - first < 40 ? { size: 25 } : false },
    encoding: {
      x: {
        field: 'epoch',
        type: 'quantitative',
        title: 'epoch',
        // One epoch: a unit of room either side, not a zero-width domain.
        scale: { domain: first === last ? [first - 1, last + 1] : [first, last] },
        axis: { tickMinStep: 1, format: 'd' },
      },
      // Room above the highest value and flush end labels keep marks and labels inside
      // the panel, so the panel titles line up.
      y: {
        field: 'value',
        type: 'quantitative',
        title: null,
        scale: { zero: false, padding: 5 },
        axis: { labelFlush: true },
      },
      color: {
        field: 'split',
        type: 'nominal',
        title: null,
        scale: { domain: splits, range: [CATEGORY_10[0], CATEGORY_10[1]] },
        legend: { orient: 'top', symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 300 },
      },
      strokeDash: {
        field: 'split',
        type: 'nominal',
        scale: {
          domain: splits,
          range: [
            [1, 0],
            [6, 4],
          ],
        },
      },
    },
  });
  return {
    title,
    concat: terms.map(panel),
    columns,
    spacing: { row: 24, column: 16 },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

/**
 * Reads `metrics.jsonl` (one JSON object per epoch) and writes a PNG of every loss term
 * against the epoch into `pngPath`, atomically: one panel per term with its own y scale,
 * training solid and validation dashed. A missing or unreadable file, or one with no
 * numeric terms, is a {@link PlotError} `PLOT_BAD_METRICS`.
 */
export async function writeLossPlot(metricsPath: string, pngPath: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(metricsPath, 'utf8');
  } catch (error) {
    throw new PlotError(
      'PLOT_BAD_METRICS',
      `writeLossPlot: cannot read ${metricsPath} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); pass the metrics.jsonl of a run.`,
      { cause: error },
    );
  }
  const { terms, points } = parseMetrics(text, basename(metricsPath));
  const epochs = new Set(points.map((p) => p.epoch)).size;
  const title = `Loss terms per epoch (${epochs} epoch${epochs === 1 ? '' : 's'})`;
  await writeFileAtomic(pngPath, await renderPng(lossSpec(terms, points, title)));
}
