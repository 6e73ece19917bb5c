/**
 * Runs one trial as an ordinary `ae train` child process in the trial's directory, and
 * writes what it reached to `<dir>/result.json`. A trial directory with a checkpoint and no
 * result is resumed (`ae train --resume`), one with a result is not trained again: that is
 * what makes a re-run sweep, and a trial taken over from a killed worker, do each trial once.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '@ae/core/node';
import type { TrainConfig } from '../config-file.js';
import { SweepError } from './sweep-error.js';

/** What a trial needs to run anywhere that sees the sweep's directory. */
export interface TrialTask {
  /** The trial id (directory name). */
  id: string;
  /** The swept values. */
  params: Record<string, unknown>;
  /** Its whole `ae train --config`. */
  config: TrainConfig;
  /** Absolute trial directory: the run's `--out`. */
  dir: string;
  /** Working directory of the sweep, against which relative paths of the config resolve. */
  cwd: string;
  /** Epoch log entry the sweep optimises. */
  metric: string;
}

/** `<dir>/result.json`: one finished trial. */
export interface TrialResult {
  id: string;
  params: Record<string, unknown>;
  config: TrainConfig;
  /** The optimised metric: its name and its value after the last epoch. */
  metric: { name: string; value: number };
  /** Every entry of the last epoch's logs. */
  metrics: Record<string, number>;
  /** The epoch with the lowest val_total, as `ae train` reports it. */
  best?: { epoch: number; metric: string; value: number };
  epochs: number;
  steps: number;
  /** Wall time of the `ae train` run that finished the trial (after a resume: its part). */
  seconds: number;
  /** The epoch the finishing run resumed after (0: it ran from the start). */
  resumedFrom: number;
  /** Name of the worker (or `local`) that finished it. */
  worker: string;
  /** ISO time it finished. */
  finishedAt: string;
  /** The trial directory. */
  dir: string;
}

/** Progress of a running trial. */
export interface TrialProgress {
  epoch: number;
  epochs: number;
  /** Share of the trial done, 0 … 1. */
  fraction: number;
}

const bin = fileURLToPath(new URL('../bin.js', import.meta.url));
const preload = new URL('./exit-with-parent.js', import.meta.url).href;

export const resultPath = (dir: string) => join(dir, 'result.json');

/** The result of a finished trial, or undefined. */
export async function readResult(dir: string): Promise<TrialResult | undefined> {
  const path = resultPath(dir);
  if (!existsSync(path)) return undefined;
  return JSON.parse(await readFile(path, 'utf8')) as TrialResult;
}

/** Whether a trial has a checkpoint to resume from. */
export const hasCheckpoint = (dir: string) => existsSync(join(dir, 'checkpoints', 'latest.json'));

/** Reads progress out of the lines `ae train` writes on stderr. */
export function parseProgress(line: string): TrialProgress | undefined {
  const m = /^epoch (\d+)\/(\d+)(:?)/.exec(line);
  if (!m) return undefined;
  const epoch = Number(m[1]);
  const epochs = Number(m[2]);
  if (m[3] === ':') return { epoch, epochs, fraction: epoch / epochs };
  const b = /(\d+)\/(\d+) batches/.exec(line);
  const within = b ? Number(b[1]) / Math.max(1, Number(b[2])) : 0;
  return { epoch, epochs, fraction: (epoch - 1 + within) / epochs };
}

/**
 * Trains the trial (or returns its result when it is finished already). The child's stderr
 * goes to `<dir>/train.log`; progress is reported through `onProgress`.
 */
export async function runTrial(
  task: TrialTask,
  o: {
    worker: string;
    onProgress?: (p: TrialProgress) => void;
    onStart?: (resumed: boolean) => void;
  },
): Promise<TrialResult> {
  const done = await readResult(task.dir);
  if (done) return done;
  await mkdir(task.dir, { recursive: true });
  const configPath = join(task.dir, 'config.json');
  await writeFileAtomic(configPath, `${JSON.stringify(task.config, null, 2)}\n`);
  const resume = hasCheckpoint(task.dir);
  o.onStart?.(resume);
  const args = resume
    ? ['train', '--resume', '--out', task.dir, '--json']
    : // No checkpoint: start afresh. --overwrite lets ae train into the trial's directory
      // (which holds config.json and train.log) and clears what a run cut before its first
      // checkpoint left; it removes only files ae train writes.
      ['train', '--config', configPath, '--out', task.dir, '--overwrite', '--json'];
  const child = spawn(process.execPath, ['--import', preload, bin, ...args], {
    cwd: existsSync(task.cwd) ? task.cwd : process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(join(task.dir, 'train.log'), { flags: 'a' });
  log.write(`--- ${new Date().toISOString()} ${o.worker}: ae ${args.join(' ')}\n`);
  let stdout = '';
  let pending = '';
  let lastError = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    log.write(d);
    pending += d.toString();
    const lines = pending.split(/\r?\n|\r/);
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('ae: ')) lastError = line.slice(4);
      const p = parseProgress(line.trim());
      if (p) o.onProgress?.(p);
    }
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c, s) => resolve([c, s]));
    },
  );
  await new Promise<void>((r) => log.end(r));
  if (code !== 0) {
    if (pending.startsWith('ae: ')) lastError = pending.slice(4);
    const why = lastError || (signal ? `killed by ${signal}` : `exit code ${code}`);
    throw new SweepError(
      'SWEEP_TRIAL_FAILED',
      `trial ${task.id}: ae train failed: ${why} (log: ${join(task.dir, 'train.log')})`,
    );
  }
  const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
    metrics: Record<string, number>;
    best?: TrialResult['best'];
    epochs: number;
    steps: number;
    seconds: number;
    resumedFrom: number;
  };
  const value = summary.metrics[task.metric];
  if (typeof value !== 'number') {
    throw new SweepError(
      'SWEEP_NO_METRIC',
      `trial ${task.id}: the epoch logs have no "${task.metric}"; set "metric" in the sweep file to one of ${Object.keys(summary.metrics).join(', ')}.`,
    );
  }
  const result: TrialResult = {
    id: task.id,
    params: task.params,
    config: task.config,
    metric: { name: task.metric, value },
    metrics: summary.metrics,
    ...(summary.best ? { best: summary.best } : {}),
    epochs: summary.epochs,
    steps: summary.steps,
    seconds: summary.seconds,
    resumedFrom: summary.resumedFrom,
    worker: o.worker,
    finishedAt: new Date().toISOString(),
    dir: task.dir,
  };
  await writeFileAtomic(resultPath(task.dir), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
