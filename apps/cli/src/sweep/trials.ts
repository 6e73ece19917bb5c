/**
 * The trials of a sweep: grid points × random draws × seeds, each an `ae train` config with
 * an id made from that config alone (the same trial gets the same id and directory on every
 * run of the sweep, which is what lets a re-run skip or resume it).
 */
import { createHash } from 'node:crypto';
import { createRng, type Rng } from '@ae/backend';
import { CliError } from '../cli-error.js';
import type { TrainConfig } from '../config-file.js';
import { checkTrialConfig, type RandomRange, type SweepSpec } from './sweep-file.js';

/** One trial: an ordinary `ae train` run. */
export interface Trial {
  /** `t` + 10 hex digits of the SHA-256 of the canonical trial config. */
  id: string;
  /** The swept values of this trial (camelCase keys), `seed` last. */
  params: Record<string, unknown>;
  /** The whole `ae train --config` of the trial (base + params). */
  config: TrainConfig;
}

/** JSON with object keys sorted, so equal configs give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The id of the trial with this config. */
export function trialId(config: TrainConfig): string {
  return `t${createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 10)}`;
}

/** Four significant digits: draws stay readable in file names, tables and plots. */
const round = (x: number) => Number(x.toPrecision(4));

/** One draw from a range. */
export function drawFrom(range: RandomRange, rng: Rng): unknown {
  switch (range.kind) {
    case 'uniform':
      return round(range.low + (range.high - range.low) * rng.next());
    case 'log-uniform': {
      const [a, b] = [Math.log(range.low), Math.log(range.high)];
      return round(Math.exp(a + (b - a) * rng.next()));
    }
    case 'int':
      return range.low + rng.int(range.high - range.low + 1);
    case 'choice':
      return range.values[rng.int(range.values.length)];
  }
}

/** Every combination of the grid's values, the first parameter varying slowest. */
function gridPoints(grid: [string, unknown[]][]): Record<string, unknown>[] {
  let points: Record<string, unknown>[] = [{}];
  for (const [key, values] of grid) {
    points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  }
  return points;
}

/**
 * The trials of a sweep, in a fixed order (draw, then grid point, then seed), each config
 * checked as `ae train` would check it.
 *
 * Without random ranges the trials are the grid × the seeds, and a `budget` below their
 * number is an error (a silently cut grid would be a surprise). With random ranges, each
 * grid point gets ⌊budget / (grid points × seeds)⌋ draws, every seed training the same draw.
 */
export function expandTrials(spec: SweepSpec): Trial[] {
  const points = gridPoints(spec.grid);
  const perDraw = points.length * spec.seeds.length;
  let draws = 1;
  if (spec.random.length === 0) {
    if (spec.budget !== undefined && perDraw > spec.budget) {
      throw new CliError(
        'CLI_BAD_CONFIG',
        `${spec.file}: the grid × seeds make ${perDraw} trials, more than "budget" ${spec.budget}; raise the budget or shrink the grid.`,
      );
    }
  } else {
    draws = Math.floor((spec.budget ?? 0) / perDraw);
    if (draws < 1) {
      throw new CliError(
        'CLI_BAD_CONFIG',
        `${spec.file}: "budget" ${spec.budget} is below the ${perDraw} trials of one random draw (grid points × seeds); raise it to at least ${perDraw}.`,
      );
    }
  }
  const rng = createRng(spec.samplerSeed);
  const trials: Trial[] = [];
  const ids = new Set<string>();
  for (let d = 0; d < draws; d++) {
    for (const point of points) {
      const drawn = Object.fromEntries(spec.random.map(([key, r]) => [key, drawFrom(r, rng)]));
      for (const seed of spec.seeds) {
        const params = { ...point, ...drawn, seed };
        const raw = { ...spec.base, ...params };
        const where = `${spec.file}: trial ${canonicalJson(params)}`;
        const config = checkTrialConfig(raw, where);
        const id = trialId(config);
        // Two equal draws (a small choice or int range) are one trial, trained once.
        if (ids.has(id)) continue;
        ids.add(id);
        trials.push({ id, params, config });
      }
    }
  }
  return trials;
}

/** The swept parameter names of a sweep (without `seed`). */
export const sweptKeys = (spec: SweepSpec): string[] => [
  ...spec.grid.map(([k]) => k),
  ...spec.random.map(([k]) => k),
];

/** `beta=4 learningRate=0.001 seed=1`: a trial's parameters in one short line. */
export const describeParams = (params: Record<string, unknown>): string =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ');
