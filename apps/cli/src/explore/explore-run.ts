/**
 * Opening a run directory for the explore commands (`reconstruct`, `sample`, `interpolate`,
 * `manifold`, `denoise`, `export`): every check that can refuse the command runs before
 * anything is printed, so a refusal is one line on stderr.
 */
import { join, resolve } from 'node:path';
import { type BackendInfo, initBackend } from '@ae/backend';
import type { Dataset } from '@ae/datasets';
import { CliError } from '../cli-error.js';
import { log, type RunOptions } from '../command-kit.js';
import { checkOutFile } from '../out-path.js';
import { openRun, type Run, type RunNeeds } from '../run-dir.js';

/** An opened run and the backend it runs on. */
export interface ExploreRun {
  /** The run directory and its loaded model (the caller disposes `run.model`). */
  run: Run;
  /** The tfjs backend that was started. */
  backend: BackendInfo;
  /** The model's name: run.json's `--model` (e.g. `'beta-vae'`), else the family. */
  model: string;
}

/**
 * Starts the backend, opens `--model-dir` with {@link openRun}, refuses runs trained on
 * tabular data and runs the command's own `check` (which throws a `CliError`), disposing
 * the model if anything fails. Prints nothing: call {@link announce} once every check
 * (including those of the data) has passed.
 */
export async function openExploreRun(
  o: RunOptions,
  needs: RunNeeds,
  check?: (opened: ExploreRun) => void,
): Promise<ExploreRun> {
  const out = (o as { out?: unknown }).out;
  if (needs.output !== undefined && typeof out === 'string')
    checkOutFile('--out', out, needs.output);
  const backend = await initBackend(o.backend ? { prefer: o.backend } : {});
  const run = await openRun(o.modelDir, needs);
  const opened = { run, backend, model: run.runJson?.model ?? run.aeJson.family };
  try {
    const dataset = o.dataset ? o.dataset.kind : run.runJson?.dataset;
    if (dataset?.startsWith('csv')) refuseTabular(opened, needs.command);
    check?.(opened);
  } catch (error) {
    run.model.dispose();
    throw error;
  }
  return opened;
}

/** Says on stderr which backend runs which model. */
export function announce(opened: ExploreRun): void {
  const { backend, run, model } = opened;
  log(`backend: ${backend.name} (${backend.packageName}); model: ${model} in ${run.dir}`);
}

/** Throws the refusal of a run trained on tabular data (rows of numbers, not images). */
export function refuseTabular(opened: ExploreRun, command: string): never {
  throw new CliError(
    'CLI_WRONG_FAMILY',
    `ae ${command}: --model-dir ${opened.run.dir} was trained on tabular data (${opened.run.runJson?.dataset ?? 'domain real'}), and this command works on images. Use ae eval or ae anomaly for tabular models.`,
  );
}

/** Throws {@link refuseTabular}'s refusal when data loaded for a run is tabular. */
export function requireImages(opened: ExploreRun, data: Dataset, command: string): void {
  if (data.domain === 'real') refuseTabular(opened, command);
}

/** Where a command writes its picture: `--out`, else `name` inside the run directory. */
export function outputPath(run: Run, out: string | undefined, name: string): string {
  return resolve(out ?? join(run.dir, name));
}

/** The class names of a run's data, if it has them. */
export function classNames(run: Run): readonly string[] | undefined {
  return run.aeJson.dataset?.classNames;
}

/**
 * The label of `--class <token>` for a conditional model: a class name of the run's data
 * (e.g. `Sneaker`, or `3` for MNIST), else an integer label in `[0, numClasses)`. An
 * unconditional model refuses `--class`.
 */
export function classLabel(opened: ExploreRun, token: string, command: string): number {
  const { run, model } = opened;
  const classes = run.model.numClasses;
  if (!classes) {
    throw new CliError(
      'CLI_BAD_OPTION',
      `ae ${command}: --class ${token} given, but --model-dir ${run.dir} holds an unconditional '${model}' model, which takes no class. Leave --class out, or train a cvae.`,
    );
  }
  const names = classNames(run);
  const byName = names?.indexOf(token) ?? -1;
  if (byName >= 0 && byName < classes) return byName;
  const n = Number(token);
  if (/^\d+$/.test(token) && n < classes) return n;
  const known = names
    ? `one of ${names.slice(0, classes).join(', ')}`
    : `a label in [0, ${classes})`;
  throw new CliError(
    'CLI_BAD_OPTION',
    `ae ${command}: --class ${token} is not a class of this model; expected ${known}.`,
  );
}

/** A class's display name: its name in the run's data, else its label. */
export function className(run: Run, label: number): string {
  return classNames(run)?.[label] ?? String(label);
}
