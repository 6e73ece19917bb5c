/**
 * `ae anomaly`: one-class anomaly detection. Trains an autoencoder on the normal class
 * (or takes `--model-dir`), scores held-out examples of every class, and reports how well
 * the scores tell the other classes apart (ROC-AUC), with pictures.
 */
import { resolve } from 'node:path';
import { initBackend } from '@ae/backend';
import { hasElbo } from '@ae/core';
import { DATA_SOURCE_FORMS } from '@ae/datasets';
import {
  ANOMALY_SCORES,
  type AnomalyScore,
  anomalyReport,
  anomalyScores,
  type ClassScores,
} from '@ae/evaluation';
import { PRESETS, RECIPE_NAMES } from '@ae/vae';
import { Command, Option } from 'commander';
import { anomalySet } from '../analysis/anomaly-data.js';
import { type AnomalyFiles, writeAnomalyFiles } from '../analysis/anomaly-files.js';
import {
  type AnomalyTrainOptions,
  modelHasElbo,
  trainNormalClass,
} from '../analysis/anomaly-train.js';
import { CliError } from '../cli-error.js';
import { backendOption, fileLines, log, printResult } from '../command-kit.js';
import { parseDatasetSpec } from '../data/dataset-spec.js';
import { integer, positiveInt } from '../options.js';
import { openRun } from '../run-dir.js';
import { checkUnusedOptions } from './train-checks.js';

/** Parsed options of `ae anomaly`; the training flags apply without `--model-dir`. */
export interface AnomalyCommandOptions extends AnomalyTrainOptions {
  /** `--model-dir`: score this model instead of training one. */
  modelDir?: string;
  /** `--score`. */
  score: AnomalyScore;
  /** `--top`: tiles of the grid of most anomalous images. */
  top: number;
  /** `--out` (default: `runs/anomaly-<class>`, or `--model-dir`). */
  out?: string;
  /** `--json`. */
  json?: boolean;
}

/** The result of `ae anomaly` (the last line of stdout with `--json`). */
export interface AnomalySummary {
  command: 'anomaly';
  /** Name of the normal class, e.g. `'1'` or `'Sneaker'`. */
  normalClass: string;
  /** Its label value. */
  normalLabel: number;
  /** `--score`. */
  score: AnomalyScore;
  /** The model's `--model` (or family). */
  model: string;
  /** Name of the data. */
  dataset: string;
  /** Examples scored: of the normal class, of every other class. */
  examples: { normal: number; anomalous: number };
  /** Area under the ROC curve, anomalies (other classes) as positives. */
  rocAuc: number;
  /** Mean score per class. */
  classes: ClassScores[];
  /** Paths written; `model` when this command trained it. */
  files: AnomalyFiles & { model?: string };
}

/** Flags that only shape a model to train, refused with `--model-dir`. */
const TRAIN_ONLY = ['model', 'preset', 'latentDim', 'epochs', 'labelColumn', 'overwrite'] as const;

/** Throws `CLI_WRONG_FAMILY` when `--score elbo` meets a model without an ELBO. */
function checkScore(hasBound: boolean, o: AnomalyCommandOptions, kind: string): void {
  if (o.score === 'elbo' && !hasBound) {
    throw new CliError(
      'CLI_WRONG_FAMILY',
      `ae anomaly: --score elbo needs a model with an ELBO (vae, beta-vae, cvae); ${o.modelDir ? `the '${kind}' model in --model-dir ${o.modelDir}` : `--model ${kind}`} has none. Use --score reconstruction.`,
    );
  }
}

/** `ae anomaly`: trains (or opens) a one-class model, scores every class, writes pictures. */
export async function anomalyCommand(
  o: AnomalyCommandOptions,
  given: (name: string) => boolean = () => false,
): Promise<AnomalySummary> {
  const refused = o.modelDir === undefined ? [] : TRAIN_ONLY.filter(given);
  if (refused.length > 0) {
    const flag = (refused[0] as string).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    throw new CliError(
      'CLI_BAD_OPTION',
      `ae anomaly: --${flag} shapes a model to train, but --model-dir ${o.modelDir} is already trained. Drop --${flag} or --model-dir.`,
    );
  }
  const backend = await initBackend(o.backend ? { prefer: o.backend } : {});
  let dir = o.modelDir;
  if (dir === undefined) {
    checkUnusedOptions(
      {
        model: o.model,
        latentDim: o.latentDim,
        seed: o.seed,
        ...(o.preset ? { preset: o.preset } : {}),
      },
      given,
    );
    checkScore(modelHasElbo(o), o, o.model);
    dir = resolve(o.out ?? `runs/anomaly-${o.normalClass}`);
    await trainNormalClass(o, dir);
  }
  const run = await openRun(dir, { command: 'anomaly' });
  const { model } = run;
  const kind = run.runJson?.model ?? run.aeJson.family;
  try {
    checkScore(hasElbo(model), o, kind);
    const set = await anomalySet(run, o.normalClass, {
      ...(o.modelDir && o.dataset ? { dataset: o.dataset } : {}),
      ...(o.modelDir && o.limit !== undefined ? { limit: o.limit } : {}),
    });
    const { data, normal } = set;
    if (o.modelDir) log(`backend: ${backend.name} (${backend.packageName})`);
    log(`anomaly: scoring ${data.count} validation examples of ${set.name} (${o.score})`);
    const scores = await anomalyScores(model, data, {
      score: o.score,
      batchSize: o.batchSize,
      seed: o.seed,
    });
    const report = anomalyReport(data, scores, normal);
    const out = resolve(o.out ?? run.dir);
    const files = await writeAnomalyFiles(data, scores, report, {
      out,
      score: o.score,
      normal,
      top: o.top,
    });
    const anomalous = report.anomalous.reduce((a, b) => a + b, 0);
    return {
      command: 'anomaly',
      normalClass: normal.name,
      normalLabel: normal.label,
      score: o.score,
      model: kind,
      dataset: set.name,
      examples: { normal: data.count - anomalous, anomalous },
      rocAuc: report.rocAuc,
      classes: report.classes,
      files: { ...files, ...(o.modelDir ? {} : { model: run.dir }) },
    };
  } finally {
    model.dispose();
  }
}

/** The `ae anomaly` command. */
export function anomalyCli(): Command {
  return new Command('anomaly')
    .description(
      'One-class anomaly detection: train an autoencoder on the normal class (or pass --model-dir), score held-out examples of every class, report the ROC-AUC and draw the scores.',
    )
    .requiredOption(
      '--normal-class <class>',
      'the normal class, by name or label, e.g. 1 or Sneaker',
    )
    .option('--model-dir <dir>', "score this model (an 'ae train' run) instead of training one")
    .addOption(
      new Option('--score <kind>', 'reconstruction: Σ (x − x̂)²; elbo: −ELBO (variational models)')
        .choices(ANOMALY_SCORES)
        .default('reconstruction'),
    )
    .addOption(
      new Option('--model <family>', 'model to train (see ae train --help)')
        .choices(RECIPE_NAMES)
        .default('ae'),
    )
    .addOption(
      new Option('--preset <name>', 'a classic network for the model to train').choices(
        PRESETS.map((p) => p.name),
      ),
    )
    .option('--latent-dim <n>', 'latent dimension of the model to train', positiveInt, 16)
    .option('--epochs <n>', 'training epochs', positiveInt, 5)
    .option(
      '--dataset <spec>',
      `data (default: mnist, or the data of --model-dir): ${DATA_SOURCE_FORMS}`,
      parseDatasetSpec,
    )
    .option('--label-column <name>', 'csv: the column that holds the class label')
    .option('--limit <n>', 'at most n training and n validation examples', positiveInt)
    .option('--batch-size <n>', 'examples per batch', positiveInt, 128)
    .option('--seed <n>', 'seed of training and of the ELBO samples', integer, 0)
    .option('--top <n>', 'images in anomaly-top.png', positiveInt, 32)
    .option('--out <dir>', 'output directory (default: runs/anomaly-<class>, or --model-dir)')
    .option(
      '--overwrite',
      'replace the run already in --out (only the files ae writes are removed); without it a non-empty --out is refused',
    )
    .addOption(backendOption())
    .option('--json', 'print one JSON summary as the last line of stdout')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  ae anomaly --normal-class 1 --epochs 3 --limit 5000',
        '  ae anomaly --normal-class Sneaker --dataset fashion-mnist --model vae --score elbo',
        '  ae anomaly --normal-class 1 --model-dir runs/anomaly-1 --json',
        '  ae anomaly --normal-class ok --dataset csv:readings.csv --label-column status --latent-dim 2',
        '',
      ].join('\n'),
    )
    .action(async (options: AnomalyCommandOptions, command: Command) => {
      const summary = await anomalyCommand(
        options,
        (name) => command.getOptionValueSource(name) === 'cli',
      );
      printResult(summary, options.json, summaryLines(summary));
    });
}

/** The human-readable result. */
function summaryLines(s: AnomalySummary): string[] {
  const width = Math.max(...s.classes.map((c) => c.name.length), 5);
  const f = s.files;
  const files: [string, string][] = [
    [f.histogram, 'score histogram: normal class vs the others'],
    [f.roc, 'ROC curve'],
    [f.scores, 'every score: index,label,class,score'],
  ];
  if (f.top) files.push([f.top, 'the most anomalous examples, highest score first']);
  if (f.model) files.push([`${f.model}/`, 'the trained model']);
  return [
    `Normal class ${s.normalClass} vs ${s.examples.anomalous} examples of other classes (${s.examples.normal} normal), ${s.score} scores of the ${s.model} model on ${s.dataset}:`,
    `  ROC-AUC ${s.rocAuc.toFixed(4)}`,
    `  ${'class'.padEnd(width)}  ${'count'.padStart(6)}  mean score`,
    ...s.classes.map(
      (c) =>
        `  ${c.name.padEnd(width)}  ${String(c.count).padStart(6)}  ${c.meanScore.toFixed(4)}${c.normal ? '  (normal)' : ''}`,
    ),
    ...fileLines(files),
  ];
}
