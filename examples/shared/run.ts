/**
 * What every example shares: its two modes (quick for CI, full for the committed
 * picture), the backend start, a per-epoch log line, and the result the test checks.
 */
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { initBackend } from '@ae/backend';
import type { EpochLogs, TrainerCallback } from '@ae/trainer';
import '@tensorflow/tfjs-layers';

/** How an example runs. */
export interface RunOptions {
  /** Few hundred images and one or two epochs (CI), instead of the full run. */
  quick: boolean;
  /** Folder the pictures are written to (created if missing). */
  outDir: string;
  /** Where progress lines go; default `console.log`. */
  log?: (line: string) => void;
}

/** A PNG an example wrote. */
export interface Picture {
  /** Absolute path. */
  path: string;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

/** What an example returns: enough for a test to tell that it worked. */
export interface ExampleResult {
  /** Training loss (`total`, the epoch's mean) of each epoch. */
  losses: number[];
  /** Training loss (`total`) of each optimizer step, in order. */
  batchLosses: number[];
  /** Numbers the example measured, by name (also printed). */
  metrics: Record<string, number>;
  /** Pictures written. */
  pictures: Picture[];
}

/** An example program: the same function serves its command line and the test. */
export type Example = (options: RunOptions) => Promise<ExampleResult>;

/**
 * Options from the command line: `--quick` (or `AE_EXAMPLES_QUICK=1`) for the small run,
 * `--out <dir>` for the output folder. The full run writes next to the example's `main.ts`;
 * the quick one into the temporary folder, so it never replaces a committed picture.
 */
export function optionsFromArgs(
  mainUrl: string,
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): RunOptions {
  const quick = argv.includes('--quick') || env.AE_EXAMPLES_QUICK === '1';
  const at = argv.indexOf('--out');
  const dir = dirname(fileURLToPath(mainUrl));
  const name = dir.split(/[\\/]/).pop() ?? 'example';
  let outDir = quick ? join(tmpdir(), 'ae-examples', name) : dir;
  if (at >= 0) {
    const value = argv[at + 1];
    if (value === undefined || value.startsWith('--')) {
      throw new Error('--out needs a folder, e.g. --out runs/example');
    }
    outDir = resolve(value);
  }
  const unknown = argv.filter(
    (a, i) => a.startsWith('--') && a !== '--quick' && a !== '--out' && argv[i - 1] !== '--out',
  );
  if (unknown.length > 0) {
    throw new Error(`unknown option ${unknown[0]}; the options are --quick and --out <dir>`);
  }
  return { quick, outDir };
}

let backend: Promise<string> | undefined;

/** Starts the fastest tfjs backend installed (wasm here) once, with its training kernels. */
export function startBackend(): Promise<string> {
  backend ??= initBackend().then((info) => info.name);
  return backend;
}

/** The training losses {@link epochLog} collects. */
export interface LossLog {
  /** `total` of each epoch. */
  losses: number[];
  /** `total` of each optimizer step. */
  batchLosses: number[];
}

/** An empty {@link LossLog}. */
export function lossLog(): LossLog {
  return { losses: [], batchLosses: [] };
}

/**
 * A trainer callback that logs each epoch's `total` and the named `terms`, and collects
 * `total` per epoch and per step into `into`.
 */
export function epochLog(
  log: (line: string) => void,
  into: LossLog,
  terms: readonly string[] = [],
): TrainerCallback {
  const { losses, batchLosses } = into;
  return {
    onBatchEnd(_info, logs) {
      if (logs?.total !== undefined) batchLosses.push(logs.total);
    },
    onEpochEnd(epoch: number, logs: EpochLogs) {
      losses.push(logs.total as number);
      const parts = ['total', ...terms].map((t) => `${t} ${(logs[t] as number).toFixed(2)}`);
      const val = logs.val_total === undefined ? '' : `, val_total ${logs.val_total.toFixed(2)}`;
      log(
        `epoch ${epoch}: ${parts.join(', ')}${val} (${Math.round(logs.samplesPerSecond)} samples/s)`,
      );
    },
  };
}

/** Runs `example` when `mainUrl` is the program node was started with. */
export async function runIfMain(mainUrl: string, example: Example): Promise<void> {
  const entry = process.argv[1];
  if (entry === undefined || pathToFileURL(resolve(entry)).href !== mainUrl) return;
  try {
    const options = optionsFromArgs(mainUrl);
    const started = performance.now();
    const result = await example(options);
    for (const [name, value] of Object.entries(result.metrics)) {
      console.log(`${name}: ${Number.isInteger(value) ? value : value.toFixed(4)}`);
    }
    for (const p of result.pictures) console.log(`wrote ${p.path} (${p.width}×${p.height})`);
    console.log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
