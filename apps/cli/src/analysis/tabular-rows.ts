/**
 * Held-out rows of the other classes of a tabular run trained on one class, standardized
 * as that run's training data was.
 *
 * `ae train --class k` on a CSV file standardizes with statistics of class k's training
 * rows, while loading every class fits them on every class's rows: the same row then
 * gets other numbers than the model was trained on. Here the run's statistics are fitted
 * again from the raw file, checked against the run's training data, and applied to the
 * held-out rows of every other class.
 */
import {
  type Dataset,
  DEFAULT_HOLD_OUT,
  limit,
  prepareRunData,
  type Standardizer,
  split,
  standardize,
  subset,
} from '@ae/datasets';
import { loadCsv } from '@ae/datasets/node';
import { CliError } from '../cli-error.js';

/** How the run loaded its rows. */
export interface TabularRun {
  /** The CSV file. */
  path: string;
  /** `--label-column`. */
  labelColumn?: string;
  /** `--seed` of the run (its validation split). */
  seed: number;
  /** `--limit` of the run, if any. */
  limit?: number;
  /** The run's training rows as it saw them (standardized), to check against. */
  train: Dataset;
}

/** True when two float arrays hold the same values. */
function same(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The run's statistics, fitted again on its training rows of class `normal`. */
function runStatistics(raw: Dataset, run: TabularRun, normal: number): Standardizer {
  const again = prepareRunData(
    { all: raw },
    { classes: [normal], seed: run.seed, ...(run.limit !== undefined ? { limit: run.limit } : {}) },
  );
  const stats = again.standardizer;
  if (stats === undefined || !same(again.train.x, run.train.x)) {
    throw new CliError(
      'CLI_BAD_CONFIG',
      `${run.path}: its rows of class ${normal} no longer give the training data of the model (was the file changed after training?). Train the model again on this file.`,
    );
  }
  return stats;
}

/**
 * The held-out rows of every class but `normal` (the validation split of all classes, as
 * `ae train` without `--class` would make it), standardized with the run's statistics.
 */
export async function otherClassRows(run: TabularRun, normal: number): Promise<Dataset> {
  const raw = await loadCsv(run.path, run.labelColumn ? { labelColumn: run.labelColumn } : {});
  const stats = runStatistics(raw, run, normal);
  const parts = split(raw, { validation: DEFAULT_HOLD_OUT, seed: run.seed });
  let held = parts.validation ?? parts.train;
  if (run.limit !== undefined) held = limit(held, Math.min(run.limit, held.count));
  const labels = held.labels ?? new Int32Array(held.count);
  const keep: number[] = [];
  for (let i = 0; i < held.count; i++) if (labels[i] !== normal) keep.push(i);
  return standardize(subset(held, keep, `${held.name}-other`), stats);
}
