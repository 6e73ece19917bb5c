/**
 * The pictures of a sweep, drawn with the CLI's Vega-Lite + resvg charts: the metric against
 * each swept parameter (`metric-vs-<param>.png`; a log axis for log-uniform ranges, a
 * category axis for values that are not numbers) and the metric per epoch of the best trials
 * (`best-curves.png`, from each trial's `metrics.jsonl`).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@ae/core/node';
import type { TopLevelSpec } from 'vega-lite';
import { lineChartPng, type Series } from '../plots/index.js';
import { NEUTRAL } from '../plots/palette.js';
import { renderPng } from '../plots/render.js';
import { ranked } from './results.js';
import type { TrialResult } from './run-trial.js';
import type { SweepSpec } from './sweep-file.js';
import { sweptKeys } from './trials.js';

const label = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));

/** The Vega-Lite spec of the metric against one parameter. */
export function metricVsParamSpec(
  results: TrialResult[],
  key: string,
  o: { metric: string; direction: 'min' | 'max'; log: boolean },
): TopLevelSpec {
  const numeric = results.every((r) => typeof r.params[key] === 'number');
  const values = results.map((r) => ({
    x: numeric ? r.params[key] : label(r.params[key]),
    y: r.metric.value,
    seed: String(r.params.seed),
  }));
  const log = numeric && o.log && results.every((r) => (r.params[key] as number) > 0);
  return {
    width: 560,
    height: 320,
    title: `${o.metric} against ${key} (${o.direction === 'min' ? 'lower' : 'higher'} is better, ${results.length} trials)`,
    data: { values },
    mark: { type: 'point', filled: true, size: 70, opacity: 0.85, color: NEUTRAL },
    encoding: {
      x: numeric
        ? {
            field: 'x',
            type: 'quantitative',
            title: key,
            scale: log ? { type: 'log' } : { zero: false, padding: 16 },
          }
        : { field: 'x', type: 'ordinal', title: key, axis: { labelAngle: 0 } },
      y: { field: 'y', type: 'quantitative', title: o.metric, scale: { zero: false, padding: 12 } },
    },
  } as TopLevelSpec;
}

/** Metric per epoch of `trial`, read from its `metrics.jsonl`. */
async function curve(result: TrialResult, metric: string): Promise<{ x: number[]; y: number[] }> {
  const path = join(result.dir, 'metrics.jsonl');
  const x: number[] = [];
  const y: number[] = [];
  if (!existsSync(path)) return { x, y };
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (!line.trim()) continue;
    const logs = JSON.parse(line) as Record<string, number>;
    const v = logs[metric];
    if (typeof v === 'number' && Number.isFinite(v)) {
      x.push(logs.epoch ?? x.length + 1);
      y.push(v);
    }
  }
  return { x, y };
}

/** Writes the pictures into `out`; returns their paths. */
export async function writeSweepPlots(
  out: string,
  spec: SweepSpec,
  results: TrialResult[],
  o: { bestCurves?: number } = {},
): Promise<string[]> {
  if (results.length === 0) return [];
  const written: string[] = [];
  const logKeys = new Set(spec.random.filter(([, r]) => r.kind === 'log-uniform').map(([k]) => k));
  const keys = sweptKeys(spec);
  if (spec.seeds.length > 1) keys.push('seed');
  for (const key of keys) {
    const path = join(out, `${spec.metric}-vs-${key}.png`);
    const chart = metricVsParamSpec(results, key, {
      metric: spec.metric,
      direction: spec.direction,
      log: logKeys.has(key) || key === 'learningRate',
    });
    await writeFileAtomic(path, await renderPng(chart));
    written.push(path);
  }
  const best = ranked(results, spec.direction).slice(0, o.bestCurves ?? 5);
  const series: Series[] = [];
  for (const r of best) {
    const c = await curve(r, spec.metric);
    // Values only: the legend stays short; the title names the parameters.
    const name = Object.values(r.params).map(label).join(', ');
    if (c.x.length > 0)
      series.push({ name: series.some((s) => s.name === name) ? `${name} (${r.id})` : name, ...c });
  }
  if (series.length > 0) {
    const path = join(out, 'best-curves.png');
    const png = await lineChartPng(series, {
      title: `${spec.metric} per epoch of the ${series.length} best trial${series.length === 1 ? '' : 's'}\n(${Object.keys(best[0]?.params ?? {}).join(', ')})`,
      xLabel: 'epoch',
      yLabel: spec.metric,
      width: 760,
      height: 440,
    });
    await writeFileAtomic(path, png);
    written.push(path);
  }
  return written;
}
