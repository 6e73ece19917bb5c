/**
 * `ae train --config <file>`: the same options as the flags, in a JSON or YAML file, with
 * the flag names in camelCase (`batchSize: 64`) or as written on the command line
 * (`batch-size: 64`). Flags given on the command line win over the file.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { PRESETS, type PresetName, RECIPE_NAMES } from '@ae/vae';
import { InvalidArgumentError } from 'commander';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CliError } from './cli-error.js';

/** Largest float32, the precision every number reaches the model in. */
export const FLOAT32_MAX = 3.4028234663852886e38;
/** A number that stays itself in float32 (1e308 would become Infinity there). */
const float32 = () =>
  z.number().refine((v) => Math.abs(v) <= FLOAT32_MAX, {
    message: "exceeds float32's range (±3.4e38), the precision the model computes in",
  });
const positiveInt = z.number().int().positive();
const nonNegative = float32().pipe(z.number().nonnegative());
const listOrString = <T extends z.ZodTypeAny>(item: T) => z.union([z.string(), z.array(item)]);

/** The keys a config file may hold, with their types (values as in JSON/YAML). */
export const TRAIN_CONFIG_SCHEMA = z
  .strictObject({
    model: z.enum(RECIPE_NAMES),
    preset: z.enum(PRESETS.map((p) => p.name) as [PresetName, ...PresetName[]]),
    tutorial: z.boolean(),
    reduction: z.string(),
    dataset: z.string(),
    class: z.union([listOrString(z.union([z.string(), z.number().int()])), z.number().int()]),
    noise: z.string(),
    labelColumn: z.string(),
    epochs: positiveInt,
    batchSize: positiveInt,
    latentDim: positiveInt,
    hidden: z.union([z.string(), z.array(positiveInt).nonempty()]),
    activation: z.string(),
    beta: nonNegative,
    sparsityWeight: nonNegative,
    codes: positiveInt,
    codeDim: positiveInt,
    ema: z.boolean(),
    deadCodeThreshold: nonNegative,
    learningRate: float32().pipe(z.number().positive()),
    lrSchedule: z.string(),
    klSchedule: z.string(),
    optimizer: z.string(),
    earlyStopping: positiveInt,
    checkpointEvery: positiveInt,
    binarize: z.string(),
    limit: positiveInt,
    seed: z.number().int(),
    backend: z.string(),
    out: z.string(),
  })
  .partial();

/** A validated config file: option name → value. */
export type TrainConfig = z.infer<typeof TRAIN_CONFIG_SCHEMA>;

export const camel = (key: string) => key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * A value as a message shows it: JSON, except the numbers JSON has no words for
 * (YAML's `.nan` and `.inf` are NaN and Infinity, which `JSON.stringify` calls null).
 */
export function showValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value);
}

/** Words for a zod issue about `value`, e.g. "must be a positive integer". */
function expectation(issue: z.core.$ZodIssue, value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return 'must be a finite number';
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${issue.expected === 'number' ? 'a number' : `a ${issue.expected}`}`;
    case 'too_small':
      return issue.minimum === 0 && issue.inclusive === false
        ? 'must be > 0'
        : `must be ≥ ${String(issue.minimum)}`;
    case 'unrecognized_keys':
      return `is not an option of ae train (options: ${Object.keys(TRAIN_CONFIG_SCHEMA.shape).join(', ')})`;
    case 'invalid_union':
      return 'has the wrong type';
    case 'custom':
      return issue.message;
    default:
      return issue.message.replace(/^Invalid input: /, '');
  }
}

/**
 * Reads and validates a config file. Every problem becomes a `CLI_BAD_CONFIG` error that
 * names the file, the field, the value and what was expected.
 */
export async function readTrainConfig(path: string): Promise<TrainConfig> {
  return checkTrainConfig(await readConfigFile(path, `--config ${path}`), `--config ${path}`);
}

/**
 * Parses a YAML or JSON file (JSON by its `.json` extension). A missing file or a syntax error
 * is a `CLI_BAD_CONFIG` error starting with `where`, e.g. `--config runs.yaml: no such file.`
 */
export async function readConfigFile(path: string, where: string, what = 'file'): Promise<unknown> {
  if (!existsSync(path)) {
    throw new CliError('CLI_BAD_CONFIG', `${where}: no such ${what}.`);
  }
  const text = await readFile(path, 'utf8');
  try {
    return extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const why = (error as Error).message.split('\n')[0];
    throw new CliError('CLI_BAD_CONFIG', `${where}: cannot be parsed: ${why}`);
  }
}

/**
 * Validates parsed config values (a mapping of option names, camelCase or kebab-case, to
 * values) against {@link TRAIN_CONFIG_SCHEMA}. `where` starts every message, e.g.
 * `--config runs.yaml`; problems are `CLI_BAD_CONFIG` errors naming the field, the value and
 * what was expected. Keys come back in camelCase.
 */
export function checkTrainConfig(raw: unknown, where: string): TrainConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new CliError(
      'CLI_BAD_CONFIG',
      `${where}: expected a mapping of option names to values, e.g. "epochs: 5".`,
    );
  }
  // The same option twice, in two spellings (`batch-size` and `batchSize`): which one wins
  // would be an accident of the file's order.
  const spellings = new Map<string, string>();
  for (const key of Object.keys(raw)) {
    const first = spellings.get(camel(key));
    if (first !== undefined) {
      throw new CliError(
        'CLI_BAD_CONFIG',
        `${where}: fields "${first}" and "${key}" are the same option (${first}); keep one of them.`,
      );
    }
    spellings.set(camel(key), key);
  }
  const input = Object.fromEntries(Object.entries(raw).map(([k, v]) => [camel(k), v]));
  // Errors name keys as the file spells them.
  const spelled = Object.fromEntries(Object.keys(raw).map((k) => [camel(k), k]));
  const parsed = TRAIN_CONFIG_SCHEMA.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    const field =
      issue.code === 'unrecognized_keys' ? (issue.keys[0] ?? '') : issue.path.map(String).join('.');
    const key = field.split('.')[0] ?? '';
    const value = input[key];
    const name = [spelled[key] ?? key, ...field.split('.').slice(1)].join('.');
    if (issue.code === 'invalid_value') {
      // Worded as the flag's own check words it.
      throw new CliError(
        'CLI_BAD_CONFIG',
        `${where}: field "${name}" is ${showValue(value)}: Allowed choices are ${issue.values.map(String).join(', ')}.`,
      );
    }
    throw new CliError(
      'CLI_BAD_CONFIG',
      `${where}: field "${name}" ${expectation(issue, value)}, got ${showValue(value)}.`,
    );
  }
  return parsed.data;
}

/**
 * Applies a config to commander's parsed options: each value that was not given as a
 * flag goes through the flag's own parser (so `dataset: csv:x.csv` means what
 * `--dataset csv:x.csv` means), and errors name the file and the field. Returns the
 * options it set (given explicitly, as flags are).
 */
export function applyConfig(
  path: string,
  config: TrainConfig,
  options: Record<string, unknown>,
  flag: (key: string) => { given: boolean; parse?: (value: string) => unknown; choices?: string[] },
  /** What messages start with. */
  where = `--config ${path}`,
): string[] {
  const applied: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const f = flag(key);
    if (f.given) continue;
    let v: unknown = Array.isArray(value) ? value.join(',') : value;
    if (typeof v === 'number' && f.parse && ['class', 'hidden'].includes(key)) v = String(v);
    try {
      if (typeof v === 'string' && f.parse) v = f.parse(v);
    } catch (error) {
      const why = error instanceof InvalidArgumentError ? error.message : String(error);
      throw new CliError(
        'CLI_BAD_CONFIG',
        `${where}: field "${key}" is ${showValue(value)}: ${why}`,
      );
    }
    if (f.choices && !f.choices.includes(String(v))) {
      throw new CliError(
        'CLI_BAD_CONFIG',
        `${where}: field "${key}" must be one of ${f.choices.join(', ')}, got ${showValue(value)}.`,
      );
    }
    options[key] = v;
    applied.push(key);
  }
  return applied;
}
