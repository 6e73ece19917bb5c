/**
 * A run directory written by `ae train`: the saved model (`ae.json` + networks) and
 * `run.json`, the data options of the run. Every command that takes `--model-dir` opens
 * it here, so a missing directory or a model of the wrong kind fails the same way.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { canFitPrior, canSample } from '@ae/core';
import { writeFileAtomic } from '@ae/core/node';
import { type CorruptionSpec, type DataSource, parseDataSource } from '@ae/datasets';
import type { SourceRunData } from '@ae/datasets/node';
import type { Activation } from '@ae/layers';
import { type AeJson, type AutoencoderModel, loadModel, parseAeJson } from '@ae/vae';
import { CliError } from './cli-error.js';
import { loadData } from './data/load-data.js';

/**
 * `run.json`: how `ae train` got its data (and the options later commands must know),
 * so they can load the same data.
 */
export interface RunJson {
  format: 'ae-run';
  formatVersion: 1;
  /** The `--dataset` value, e.g. `'mnist'` or `'csv:readings.csv'` (paths made absolute). */
  dataset: string;
  /** `--class`, when given. */
  classes?: string[];
  /** `--label-column`, when given. */
  labelColumn?: string;
  /** `--limit`, when given. */
  limit?: number;
  /** `--noise`, when given (or the denoising default). */
  noise?: CorruptionSpec;
  /**
   * `--binarize dynamic`, when given: the model trained on pixels drawn as
   * Bernoulli(p = pixel), so `ae eval` binarizes the validation images too.
   */
  binarize?: 'dynamic';
  /** `--seed`: also the seed of the validation split of sources without a test split. */
  seed: number;
  /** `--model`, e.g. `'beta-vae'`. */
  model: string;
  /** `--activation` of the dense hidden layers, when given (else the models' default). */
  activation?: Activation;
}

/** Writes `run.json` into a run directory. */
export async function writeRunJson(dir: string, run: Omit<RunJson, 'format' | 'formatVersion'>) {
  const body: RunJson = { format: 'ae-run', formatVersion: 1, ...run };
  await writeFileAtomic(join(dir, 'run.json'), `${JSON.stringify(body, null, 2)}\n`);
}

/** An opened run directory. */
export interface Run {
  /** Absolute path of the directory. */
  dir: string;
  /** Its `ae.json`. */
  aeJson: AeJson;
  /** Its `run.json`, absent for models saved by other means than `ae train`. */
  runJson?: RunJson;
  /** The loaded model; the caller disposes it. */
  model: AutoencoderModel;
}

/** What a command needs of a model, checked before anything runs. */
export interface RunNeeds {
  /** The command's name, for messages (e.g. `'sample'`). */
  command: string;
  /** A prior to sample from (`sample`, `manifold`). */
  sample?: boolean;
  /** A 2-D latent space (`manifold`) — or `'any'`. */
  latentDim?: number;
  /** The file the command writes by default (e.g. `'sample.png'`): a given `--out` is checked first. */
  output?: string;
}

/**
 * Opens `--model-dir`: checks it exists and holds an `ae.json`, loads the model and
 * checks it can do what the command needs. Every failure is a {@link CliError} that
 * names the directory and says what to do.
 */
export async function openRun(dir: string, needs: RunNeeds): Promise<Run> {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new CliError(
      'CLI_NO_MODEL_DIR',
      `--model-dir ${dir}: no such directory. Train a model first, e.g. ae train --out ${dir}.`,
    );
  }
  const configPath = join(abs, 'ae.json');
  if (!existsSync(configPath)) {
    throw new CliError(
      'CLI_NOT_A_MODEL_DIR',
      `--model-dir ${dir}: no ae.json there, so it holds no saved model. Pass the --out directory of an 'ae train' run.`,
    );
  }
  let aeJson: AeJson;
  try {
    aeJson = parseAeJson(JSON.parse(await readFile(configPath, 'utf8')), configPath);
  } catch (error) {
    throw new CliError('CLI_NOT_A_MODEL_DIR', `--model-dir ${dir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let runJson: RunJson | undefined;
  const runPath = join(abs, 'run.json');
  if (existsSync(runPath)) runJson = JSON.parse(await readFile(runPath, 'utf8')) as RunJson;
  const model = await loadModel(abs);
  const kind = runJson?.model ?? aeJson.family;
  if (needs.sample && !canSample(model) && !canFitPrior(model)) {
    model.dispose();
    throw new CliError(
      'CLI_WRONG_FAMILY',
      `ae ${needs.command}: --model-dir ${dir} holds a '${kind}' model, which has no prior to sample from. Use a vae, beta-vae, cvae or vq-vae model.`,
    );
  }
  if (needs.latentDim !== undefined && model.latentDim !== needs.latentDim) {
    model.dispose();
    throw new CliError(
      'CLI_WRONG_FAMILY',
      `ae ${needs.command}: --model-dir ${dir} has a ${model.latentDim}-dimensional latent space; this command needs ${needs.latentDim}. Train one with --latent-dim ${needs.latentDim}.`,
    );
  }
  return { dir: abs, aeJson, model, ...(runJson ? { runJson } : {}) };
}

/** Options of {@link loadRunData}. */
export interface RunDataOptions {
  /** `--dataset` given to this command; default: the run's own. */
  dataset?: DataSource;
  /** Keep the run's `--class` filter (default true); anomaly scoring wants every class. */
  keepClasses?: boolean;
  /** At most this many examples per split (default: the run's `--limit`). */
  limit?: number;
}

/**
 * The data of a run, split and standardized as `ae train` did (same spec, classes and
 * seed), so `validation` holds the examples the model never trained on.
 */
export async function loadRunData(run: Run, o: RunDataOptions = {}): Promise<SourceRunData> {
  const r = run.runJson;
  const spec = o.dataset ?? (r ? parseDataSource(r.dataset) : undefined);
  if (spec === undefined) {
    throw new CliError(
      'CLI_BAD_OPTION',
      `${run.dir} has no run.json saying what data it was trained on; pass --dataset.`,
    );
  }
  const classes = o.keepClasses === false ? undefined : r?.classes;
  const limit = o.limit ?? r?.limit;
  return loadData(spec, {
    seed: r?.seed ?? 0,
    ...(classes ? { classes } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(r?.labelColumn ? { labelColumn: r.labelColumn } : {}),
  });
}
