/**
 * `ae train --out <dir>`: the run directory, guarded. Before anything is written it must be
 * missing, empty, or (with `--resume`) the run to continue; another run or the user's files
 * are refused with what is there, unless `--overwrite` asks to replace the run. The path is
 * checked first (not a file, nothing in the way, writable), the directory must not lie
 * inside an `images:` data folder, and a lock keeps a second `ae train` out.
 */
import { readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DataSource } from '@ae/datasets';
import { sourceFolderHolding } from '@ae/datasets/node';
import { CliError } from './cli-error.js';
import { checkOutDir } from './out-path.js';
import { checkUnlocked, LOCK_FILE, type RunLock, takeRunLock } from './run-lock.js';

/**
 * Entries of a run directory that ae writes (`ae train`, and the explore commands beside
 * the model); `--overwrite` removes these and nothing else.
 */
const RUN_ENTRIES = new Set([
  'ae.json',
  'run.json',
  'encoder',
  'decoder',
  'quantizer',
  'model',
  'metrics.jsonl',
  'loss.png',
  'reconstructions.png',
  'samples.png',
  'checkpoints',
  'best',
  'eval.json',
  'sample.png',
  'reconstruct.png',
  'interpolate.png',
  'manifold.png',
  'denoise.png',
  'anomaly-histogram.png',
  'anomaly-roc.png',
  'anomaly-scores.csv',
  'anomaly-top.png',
  LOCK_FILE,
]);

/**
 * Names ae writes beside those: `embed-<method>.png/.csv`, and the leftovers of crash-safe
 * writes (`.<name>.tmp-<id>`, `.<unit>.ready-<id>/`, `.<unit>.old-<id>/`).
 */
const RUN_PATTERNS = [/^embed-[a-z]+\.(png|csv)$/, /^\..+\.(tmp|ready|old)-\d+-[0-9a-f]+$/];

const isRunEntry = (name: string) =>
  RUN_ENTRIES.has(name) || RUN_PATTERNS.some((p) => p.test(name));

/** Entries as a short list for a message: `ae.json, checkpoints/, notes.txt and 4 more`. */
function listEntries(dir: string, names: string[]): string {
  const shown = names.slice(0, 5).map((n) => {
    try {
      return statSync(join(dir, n)).isDirectory() ? `${n}/` : n;
    } catch {
      return n;
    }
  });
  const more = names.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** How `ae train` may treat a non-empty `--out`. */
export interface OutDirOptions {
  /** `--resume`: the directory holds the run to continue. */
  resume?: boolean;
  /** `--overwrite`: replace the run in the directory. */
  overwrite?: boolean;
  /** The data the run reads; `--out` must not lie inside its folder. */
  dataset?: DataSource;
  /** The command, for advice: `train` suggests `--resume`, `anomaly` `--model-dir`. */
  command?: 'train' | 'anomaly';
  /** Where notes go (a stale lock taken over). */
  log: (line: string) => void;
}

/** The guarded run directory of one `ae train`. */
export interface OutDir {
  /** Absolute path. */
  dir: string;
  /** Removes the files of the run that was there (`--overwrite`); files ae did not write stay. */
  clearPrevious(): void;
  /** Gives up the lock. */
  release(): void;
}

/**
 * Checks and locks `--out` for `ae train`: see the module comment. Nothing is written
 * before every check has passed.
 *
 * @throws CliError `CLI_BAD_OUT`, `CLI_OUT_IN_DATA`, `CLI_OUT_LOCKED` or `CLI_OUT_NOT_EMPTY`.
 */
export async function openOutDir(out: string, o: OutDirOptions): Promise<OutDir> {
  const dir = resolve(out);
  checkOutDir('--out', out);
  if (o.dataset) {
    const folder = sourceFolderHolding(o.dataset, dir);
    if (folder !== undefined) {
      throw new CliError(
        'CLI_OUT_IN_DATA',
        `--out ${out} is inside the data folder ${folder} of --dataset images:…, so the run's pictures would become training data of the next run. Choose an --out outside ${folder}.`,
      );
    }
  }
  let names: string[] = [];
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (names.length > 0) checkUnlocked(dir, out);
  const present = names.filter((n) => n !== LOCK_FILE);
  if (present.length > 0 && !o.resume && !o.overwrite) {
    // Anything ae writes (also a run killed before its first checkpoint) makes it a run.
    const isRun = present.some(isRunEntry);
    const listed = listEntries(dir, present);
    const message = !isRun
      ? `--out ${out} is not empty: it holds ${listed}, which ae did not write. Choose a new or empty --out, or pass --overwrite to write the run beside those files (it removes only files ae writes).`
      : `--out ${out} holds another run (${listed}). ${
          o.command === 'anomaly'
            ? `Score that model with --model-dir ${out}`
            : 'Continue it with --resume'
        }, replace it with --overwrite, or choose a new or empty --out.`;
    throw new CliError('CLI_OUT_NOT_EMPTY', message);
  }
  const created = names.length === 0 && (await mkdir(dir, { recursive: true })) !== undefined;
  let lock: RunLock | undefined = takeRunLock(dir, out, o.log);
  return {
    dir,
    clearPrevious() {
      for (const name of present.filter(isRunEntry)) {
        rmSync(join(dir, name), { recursive: true, force: true });
      }
    },
    release() {
      lock?.release();
      lock = undefined;
      // A run refused before it wrote anything leaves no empty directory behind.
      if (created) {
        try {
          if (readdirSync(dir).length === 0) rmdirSync(dir);
        } catch {
          // Gone already, or not ours to remove.
        }
      }
    },
  };
}
