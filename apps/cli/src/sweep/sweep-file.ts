import type { Command } from 'commander';
import { z } from 'zod';
import { CliError } from '../cli-error.js';
import { checkModelFlags } from '../commands/train-checks.js';
import { trainCli } from '../commands/train-cli.js';
import {
  applyConfig,
  camel,
  checkTrainConfig,
  readConfigFile,
  type TrainConfig,
} from '../config-file.js';

/** A random range of one parameter. */
export type RandomRange =
  /** Uniform real in [low, high]. */
  | { kind: 'uniform'; low: number; high: number }
  /** Log-uniform real in [low, high] (both > 0): the usual prior of learning rates. */
  | { kind: 'log-uniform'; low: number; high: number }
  /** Uniform integer in [low, high], both included. */
  | { kind: 'int'; low: number; high: number }
  /** One of the listed values, each equally likely. */
  | { kind: 'choice'; values: unknown[] };

/** A checked sweep file. */
export interface SweepSpec {
  /** The file it came from (for messages). */
  file: string;
  /** `ae train` options every trial shares (camelCase keys). */
  base: TrainConfig;
  /** Parameter → the values of the grid, in file order (camelCase keys). */
  grid: [string, unknown[]][];
  /** Parameter → its random range (camelCase keys). */
  random: [string, RandomRange][];
  /** The seed of each replicate of a configuration (default: the base seed, or 0). */
  seeds: number[];
  /** Epoch log entry to optimise, e.g. `val_total`. */
  metric: string;
  /** Whether lower or higher metric values are better. */
  direction: 'min' | 'max';
  /** The most trials to run. */
  budget?: number;
  /** Seed of the random draws (not of training). */
  samplerSeed: number;
}

const pair = z.tuple([z.number(), z.number()]);
const RANGE = z.union([
  z.strictObject({ uniform: pair }),
  z.strictObject({ 'log-uniform': pair }),
  z.strictObject({ logUniform: pair }),
  z.strictObject({ int: pair }),
  z.strictObject({ choice: z.array(z.unknown()).nonempty() }),
]);

/** The keys of a sweep file. */
export const SWEEP_FILE_SCHEMA = z.strictObject({
  base: z.record(z.string(), z.unknown()).optional(),
  grid: z.record(z.string(), z.array(z.unknown()).nonempty()).optional(),
  random: z.record(z.string(), RANGE).optional(),
  seeds: z.array(z.number().int()).nonempty().optional(),
  metric: z
    .string()
    .regex(/^[A-Za-z_][\w]*$/)
    .optional(),
  direction: z.enum(['min', 'max']).optional(),
  budget: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
});

/** Keys the sweep sets itself, per trial. */
const NOT_SWEEPABLE = ['out', 'config', 'resume', 'json'];

const RANGE_WORDS =
  'a range: {uniform: [low, high]}, {log-uniform: [low, high]}, {int: [low, high]} or {choice: [a, b, …]}';

function fail(file: string, message: string): never {
  throw new CliError('CLI_BAD_CONFIG', `${file}: ${message}`);
}

/** Describes the first zod issue of a sweep file in one line. */
function describeIssue(file: string, raw: Record<string, unknown>, issue: z.core.$ZodIssue): never {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const where = path.length ? `${path.join('.')}.` : '';
    fail(
      file,
      `"${where}${issue.keys[0]}" is not a key of a sweep file (keys: ${Object.keys(SWEEP_FILE_SCHEMA.shape).join(', ')}).`,
    );
  }
  let value: unknown = raw;
  for (const p of path) value = (value as Record<string, unknown> | undefined)?.[p];
  const name = path.join('.');
  if (path[0] === 'random')
    fail(file, `"${name}" must be ${RANGE_WORDS}, got ${JSON.stringify(value)}.`);
  if (path[0] === 'grid')
    fail(file, `"${name}" must be a non-empty list of values, got ${JSON.stringify(value)}.`);
  const words: Record<string, string> = {
    base: 'a mapping of ae train options',
    seeds: 'a non-empty list of integers',
    metric: 'the name of an epoch log entry, e.g. val_total',
    direction: 'min or max',
    budget: 'a positive integer (the most trials to run)',
    seed: 'an integer (the seed of the random draws)',
  };
  fail(file, `"${name}" must be ${words[path[0] ?? ''] ?? 'valid'}, got ${JSON.stringify(value)}.`);
}

/** The flags of `ae train`, for checking values the way the command line does. */
let trainCommand: Command | undefined;
const trainFlags = () => {
  trainCommand ??= trainCli();
  return trainCommand.options;
};

/** The options `ae train` would run with: its defaults overlaid with `config`. */
export function trainOptionsOf(config: TrainConfig, where: string): Record<string, unknown> {
  const flags = trainFlags();
  const options: Record<string, unknown> = {};
  for (const f of flags) {
    if (f.defaultValue !== undefined) options[f.attributeName()] = f.defaultValue;
  }
  applyConfig(
    '',
    config,
    options,
    (key) => {
      const opt = flags.find((x) => x.attributeName() === key);
      return {
        given: false,
        ...(opt?.parseArg ? { parse: (v: string) => opt.parseArg?.(v, undefined) } : {}),
        ...(opt?.argChoices ? { choices: opt.argChoices } : {}),
      };
    },
    where,
  );
  return options;
}

/**
 * Checks one trial's (or partial) train config completely: the schema of `ae train --config`,
 * each flag's own parser, and the checks `ae train` makes between flags.
 */
export function checkTrialConfig(raw: Record<string, unknown>, where: string): TrainConfig {
  const config = checkTrainConfig(raw, where);
  const options = trainOptionsOf(config, where);
  try {
    checkModelFlags(options as unknown as Parameters<typeof checkModelFlags>[0]);
  } catch (error) {
    throw new CliError('CLI_BAD_CONFIG', `${where}: ${(error as Error).message}`);
  }
  return config;
}

/** The base with `key` (as the file spells it) set to `value`, the key spelled once. */
function withValue(base: TrainConfig, key: string, value: unknown): Record<string, unknown> {
  const { [camel(key)]: _old, ...rest } = base as Record<string, unknown>;
  return { ...rest, [key]: value };
}

function checkRange(file: string, key: string, raw: Record<string, unknown>): RandomRange {
  const name = `random.${key}`;
  if ('choice' in raw) return { kind: 'choice', values: raw.choice as unknown[] };
  const kind = ('uniform' in raw ? 'uniform' : 'int' in raw ? 'int' : 'log-uniform') as
    | 'uniform'
    | 'int'
    | 'log-uniform';
  const [low, high] = (raw.uniform ?? raw.int ?? raw['log-uniform'] ?? raw.logUniform) as [
    number,
    number,
  ];
  if (kind === 'int' && (!Number.isInteger(low) || !Number.isInteger(high))) {
    fail(file, `"${name}": int range ends must be integers, got [${low}, ${high}].`);
  }
  if (kind === 'int' ? low > high : low >= high) {
    fail(
      file,
      `"${name}": the range [${low}, ${high}] is empty; give [low, high] with low < high.`,
    );
  }
  if (kind === 'log-uniform' && low <= 0) {
    fail(
      file,
      `"${name}": a log-uniform range needs low > 0, got [${low}, ${high}]; use uniform for ranges that reach 0 or below.`,
    );
  }
  return { kind, low, high };
}

/** Checks a parsed sweep file (`file` names it in messages). */
export function checkSweep(raw: unknown, file: string): SweepSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fail(
      file,
      'expected a mapping with base, grid and/or random, seeds, metric, direction, budget.',
    );
  }
  const parsed = SWEEP_FILE_SCHEMA.safeParse(raw);
  if (!parsed.success) {
    describeIssue(file, raw as Record<string, unknown>, parsed.error.issues[0] as z.core.$ZodIssue);
  }
  const s = parsed.data;
  for (const key of Object.keys(s.base ?? {})) {
    if (NOT_SWEEPABLE.includes(camel(key))) {
      fail(
        file,
        `"base.${key}": the sweep sets it for each trial; remove it (use ae sweep --out for the sweep's directory).`,
      );
    }
  }
  const base = checkTrialConfig(s.base ?? {}, `${file}: base`);
  const seen = new Map<string, string>();
  const param = (section: string, key: string): string => {
    const name = camel(key);
    if (NOT_SWEEPABLE.includes(name)) fail(file, `"${section}.${key}": ${name} cannot be swept.`);
    const before = seen.get(name);
    if (before)
      fail(file, `"${section}.${key}": ${name} is swept twice (also in ${before}); keep one.`);
    if (name === 'seed' && s.seeds)
      fail(file, `"${section}.${key}": seeds are given by "seeds"; remove one of them.`);
    seen.set(name, section);
    return name;
  };
  // Each value is checked as the trial would see it (with the base), in one line naming it.
  const grid: [string, unknown[]][] = Object.entries(s.grid ?? {}).map(([key, values]) => {
    const name = param('grid', key);
    values.forEach((v, i) => {
      checkTrialConfig(withValue(base, key, v), `${file}: grid.${key}[${i}]`);
    });
    return [name, values];
  });
  const random: [string, RandomRange][] = Object.entries(s.random ?? {}).map(([key, r]) => {
    const name = param('random', key);
    const range = checkRange(file, key, r as Record<string, unknown>);
    const ends = range.kind === 'choice' ? range.values : [range.low, range.high];
    ends.forEach((v, i) => {
      const which = range.kind === 'choice' ? `choice[${i}]` : i === 0 ? 'low' : 'high';
      checkTrialConfig(withValue(base, key, v), `${file}: random.${key} ${which}`);
    });
    return [name, range];
  });
  if (grid.length === 0 && random.length === 0 && !s.seeds) {
    fail(file, 'nothing to sweep: give grid, random and/or seeds.');
  }
  if (random.length > 0 && s.budget === undefined) {
    fail(file, '"random" needs "budget", the number of trials to draw.');
  }
  return {
    file,
    base,
    grid,
    random,
    seeds: s.seeds ?? [base.seed ?? 0],
    metric: s.metric ?? 'val_total',
    direction: s.direction ?? 'min',
    ...(s.budget !== undefined ? { budget: s.budget } : {}),
    samplerSeed: s.seed ?? 0,
  };
}

/** Reads and checks a sweep file. */
export async function readSweepFile(path: string): Promise<SweepSpec> {
  return checkSweep(await readConfigFile(path, path, 'sweep file'), path);
}
