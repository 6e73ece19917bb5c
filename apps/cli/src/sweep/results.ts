/**
 * The tables of a sweep: `results.jsonl` (one finished trial per line, everything in its
 * `result.json`) and `results.csv` (one row per trial: id, swept values, seed, the metric,
 * every other last-epoch log entry, time and worker), rewritten atomically as trials finish;
 * and the best trial and best configuration (mean over seeds).
 */
import { join } from 'node:path';
import { writeFileAtomic } from '@ae/core/node';
import type { TrialResult } from './run-trial.js';
import { canonicalJson } from './trials.js';

/** The best of a sweep. */
export interface BestSummary {
  metric: string;
  direction: 'min' | 'max';
  /** The single best trial. */
  trial: { id: string; params: Record<string, unknown>; value: number; dir: string };
  /** The swept values with the best mean metric over their seeds. */
  configuration: {
    params: Record<string, unknown>;
    mean: number;
    seeds: number[];
    trials: string[];
  };
}

/** `a` is better than `b`. */
export const better = (direction: 'min' | 'max', a: number, b: number) =>
  direction === 'min' ? a < b : a > b;

/** Trials sorted best first. */
export function ranked(results: TrialResult[], direction: 'min' | 'max'): TrialResult[] {
  return [...results].sort((a, b) =>
    direction === 'min' ? a.metric.value - b.metric.value : b.metric.value - a.metric.value,
  );
}

/** The best trial and configuration, or undefined without results. */
export function bestOf(results: TrialResult[], direction: 'min' | 'max'): BestSummary | undefined {
  const top = ranked(results, direction)[0];
  if (!top) return undefined;
  const groups = new Map<string, TrialResult[]>();
  for (const r of results) {
    const { seed: _seed, ...rest } = r.params;
    const key = canonicalJson(rest);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  let best: BestSummary['configuration'] | undefined;
  for (const group of groups.values()) {
    const mean = group.reduce((s, r) => s + r.metric.value, 0) / group.length;
    if (!best || better(direction, mean, best.mean)) {
      const { seed: _seed, ...params } = group[0]?.params ?? {};
      best = {
        params,
        mean,
        seeds: group.map((r) => Number(r.params.seed)),
        trials: group.map((r) => r.id),
      };
    }
  }
  return {
    metric: top.metric.name,
    direction,
    trial: { id: top.id, params: top.params, value: top.metric.value, dir: top.dir },
    configuration: best as BestSummary['configuration'],
  };
}

/** One CSV field: quoted when it holds a comma, quote or line break. */
export function csvField(value: unknown): string {
  const text =
    value === undefined || value === null
      ? ''
      : Array.isArray(value)
        ? value.join(',')
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV text of `results` (in the order given). */
export function resultsCsv(results: TrialResult[], keys: string[]): string {
  const metricName = results[0]?.metric.name ?? 'metric';
  const logKeys = [...new Set(results.flatMap((r) => Object.keys(r.metrics)))].filter(
    // The run's own time is the `seconds` column; the last epoch's is left out.
    (k) => k !== metricName && k !== 'seconds',
  );
  const header = [
    'id',
    ...keys,
    'seed',
    metricName,
    ...logKeys,
    'seconds',
    'resumedFrom',
    'worker',
    'finishedAt',
    'dir',
  ];
  const rows = results.map((r) => [
    r.id,
    ...keys.map((k) => r.params[k]),
    r.params.seed,
    r.metric.value,
    ...logKeys.map((k) => r.metrics[k]),
    r.seconds,
    r.resumedFrom,
    r.worker,
    r.finishedAt,
    r.dir,
  ]);
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

/** Rewrites `results.jsonl`, `results.csv` and `best.json` in `out` (each atomically). */
export async function writeResults(
  out: string,
  results: TrialResult[],
  keys: string[],
  direction: 'min' | 'max',
): Promise<BestSummary | undefined> {
  const sorted = [...results].sort((a, b) => (a.finishedAt < b.finishedAt ? -1 : 1));
  await writeFileAtomic(
    join(out, 'results.jsonl'),
    sorted.map((r) => `${JSON.stringify(r)}\n`).join(''),
  );
  await writeFileAtomic(join(out, 'results.csv'), resultsCsv(sorted, keys));
  const best = bestOf(results, direction);
  if (best) await writeFileAtomic(join(out, 'best.json'), `${JSON.stringify(best, null, 2)}\n`);
  return best;
}
