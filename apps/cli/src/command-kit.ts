/**
 * Pieces every `ae` command shares: the options that open a run directory, starting
 * the backend, and printing the result (human lines, or one JSON object with `--json`).
 */
import { type BackendName, initBackend } from '@ae/backend';
import { DATA_SOURCE_FORMS, type DataSource } from '@ae/datasets';
import { type Command, Option } from 'commander';
import { parseDatasetSpec } from './data/dataset-spec.js';
import { integer } from './options.js';

/** Options added by {@link addRunOptions}. */
export interface RunOptions {
  /** `--model-dir`: a directory written by `ae train`. */
  modelDir: string;
  /** `--dataset`: other data than the run's own. */
  dataset?: DataSource;
  /** `--seed` of everything random in the command. */
  seed: number;
  /** `--backend`. */
  backend?: BackendName;
  /** `--json`: one JSON object as the last line of stdout. */
  json?: boolean;
}

/** Adds `--model-dir` (required), `--dataset`, `--seed`, `--backend` and `--json`. */
export function addRunOptions(command: Command): Command {
  return command
    .requiredOption('--model-dir <dir>', "a directory written by 'ae train --out <dir>'")
    .option(
      '--dataset <spec>',
      `data (default: the data the model was trained on): ${DATA_SOURCE_FORMS}`,
      parseDatasetSpec,
    )
    .option('--seed <n>', 'seed of everything random', integer, 0)
    .addOption(backendOption())
    .option('--json', 'print one JSON summary as the last line of stdout');
}

/** `--backend <name>`. */
export function backendOption(): Option {
  return new Option('--backend <name>', 'tfjs backend (default: fastest installed)').choices([
    'tensorflow',
    'wasm',
    'cpu',
  ]);
}

/** Starts the backend and says which on stderr. */
export async function startBackend(backend: BackendName | undefined): Promise<string> {
  const b = await initBackend(backend ? { prefer: backend } : {});
  log(`backend: ${b.name} (${b.packageName})`);
  return b.name;
}

/** A line on stderr (stdout is kept for results and `--json`). */
export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/**
 * Prints a command's result: with `--json` the summary as one line of stdout, else the
 * human-readable `lines`.
 */
export function printResult(summary: object, json: boolean | undefined, lines: string[]): void {
  process.stdout.write(json ? `${JSON.stringify(summary)}\n` : `${lines.join('\n')}\n`);
}

/** Lines listing written files, aligned: `  path  what`. */
export function fileLines(files: [path: string, what: string][]): string[] {
  const width = Math.max(...files.map(([p]) => p.length));
  return ['Wrote:', ...files.map(([p, what]) => `  ${p.padEnd(width)}  ${what}`)];
}
