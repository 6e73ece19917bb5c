/** `ae eval`: held-out metrics of a trained model, as a table and in `<model-dir>/eval.json`. */
import { join } from 'node:path';
import { initBackend } from '@ae/backend';
import { hasLogLikelihood } from '@ae/core';
import { type EvalMetrics, evaluateModel } from '@ae/evaluation';
import { Command, InvalidArgumentError, Option } from 'commander';
import { binarizedCopy } from '../analysis/binarized-data.js';
import { CliError } from '../cli-error.js';
import { addRunOptions, log, printResult, type RunOptions } from '../command-kit.js';
import { positiveInt } from '../options.js';
import { writeOutputFile } from '../out-path.js';
import { loadRunData, openRun, type Run } from '../run-dir.js';

/** Values of `ae eval --binarize`. */
export const EVAL_BINARIZE_MODES = ['run', 'none', 'stochastic'] as const;

/**
 * A value of `ae eval --binarize`: `'run'` binarizes when the run trained with
 * `--binarize dynamic`, `'none'` never, `'stochastic'` always.
 */
export type EvalBinarizeMode = (typeof EVAL_BINARIZE_MODES)[number];

/** Parsed options of `ae eval`. */
export interface EvalCommandOptions extends RunOptions {
  /** `--iw-samples`: importance samples K of the log-likelihood (0: none). */
  iwSamples: number;
  /** `--limit`: at most this many validation examples (default: the run's `--limit`). */
  limit?: number;
  /** `--batch-size`: examples per batch. */
  batchSize: number;
  /**
   * `--binarize`: evaluate on validation images drawn once as Bernoulli(p = pixel),
   * seeded by `--seed`. Default `'run'`: when the run trained on binarized data.
   */
  binarize?: EvalBinarizeMode;
}

/** The result of `ae eval` (the last line of stdout with `--json`, and `eval.json`). */
export interface EvalSummary {
  command: 'eval';
  /** The run's `--model` (or the family in `ae.json`). */
  model: string;
  /** Name of the data, e.g. `'mnist'`. */
  dataset: string;
  /** Number of validation examples evaluated. */
  examples: number;
  /**
   * True when the validation images were binarized once (seeded by `--seed`) before
   * evaluation: every pixel drawn as Bernoulli(p = its grey value).
   */
  binarized: boolean;
  /** Every metric the model supports (see {@link EvalMetrics}). */
  metrics: EvalMetrics;
  /** Paths written. */
  files: { eval: string };
}

/** Parses `--iw-samples`: an integer ≥ 0 (commander names the flag and value on error). */
function nonNegativeInt(value: string): number {
  if (!/^\s*\d+\s*$/.test(value)) {
    throw new InvalidArgumentError('Expected an integer ≥ 0, e.g. 100.');
  }
  return Number(value);
}

/** The reason to binarize the validation images, or undefined to keep them as they are. */
function binarizeReason(mode: EvalBinarizeMode, run: Run): string | undefined {
  if (mode === 'stochastic') return 'as --binarize stochastic asks';
  if (mode === 'run' && run.runJson?.binarize === 'dynamic') {
    return 'as the run trained on dynamically binarized data';
  }
  return undefined;
}

/** `ae eval`: evaluates `--model-dir` on its validation data and writes `eval.json`. */
export async function evalCommand(o: EvalCommandOptions): Promise<EvalSummary> {
  const backend = await initBackend(o.backend ? { prefer: o.backend } : {});
  const run = await openRun(o.modelDir, { command: 'eval' });
  const { model } = run;
  try {
    if (o.iwSamples > 0 && !hasLogLikelihood(model)) {
      throw new CliError(
        'CLI_WRONG_FAMILY',
        `ae eval: --iw-samples ${o.iwSamples} needs a model with a log-likelihood estimate (vae, beta-vae, cvae); --model-dir ${o.modelDir} holds a '${run.runJson?.model ?? run.aeJson.family}' model. Drop --iw-samples.`,
      );
    }
    const data = await loadRunData(run, {
      ...(o.dataset ? { dataset: o.dataset } : {}),
      ...(o.limit !== undefined ? { limit: o.limit } : {}),
    });
    const why = binarizeReason(o.binarize ?? 'run', run);
    const validation = why
      ? binarizedCopy(data.validation, o.seed, `--binarize ${o.binarize ?? 'run'}`, data.name)
      : data.validation;
    log(`backend: ${backend.name} (${backend.packageName})`);
    log(`data: ${validation.name}, ${validation.count} examples of ${validation.shape.join('×')}`);
    if (why) log(`validation images binarized once (seed ${o.seed}), ${why}`);
    const started = performance.now();
    const metrics = await evaluateModel(model, validation, {
      iwSamples: o.iwSamples,
      batchSize: o.batchSize,
      seed: o.seed,
      onStage: (what) => log(`eval: ${what} …`),
    });
    log(`eval: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const path = join(run.dir, 'eval.json');
    const summary: EvalSummary = {
      command: 'eval',
      model: run.runJson?.model ?? run.aeJson.family,
      dataset: data.name,
      examples: validation.count,
      binarized: why !== undefined,
      metrics,
      files: { eval: path },
    };
    await writeOutputFile(path, `${JSON.stringify(summary, null, 2)}\n`);
    return summary;
  } finally {
    model.dispose();
  }
}

/** Table rows: name, value, what it means. */
function tableLines(s: EvalSummary): string[] {
  const m = s.metrics;
  const rows: [string, number | undefined, string][] = [
    [
      'reconstruction (squared)',
      m.reconstructionSquared,
      'Σ (x − x̂)² over the features of an example',
    ],
    ['reconstruction (bce)', m.reconstructionBce, 'binary cross-entropy, nats'],
    ['elbo', m.elbo, 'evidence lower bound, nats'],
    ['nll', m.nll, `−log p(x), importance-weighted, K = ${m.iwSamples}, nats`],
    ['perplexity', m.perplexity, `effective codes in use, of ${m.numCodes}`],
    ['used codes', m.usedCodes, `codes chosen at least once, of ${m.numCodes}`],
    ['mig', m.mig, 'mutual information gap: mean of the gaps below over factors that vary'],
    ...(m.migFactors ?? []).map((f): [string, number, string] => [
      `  gap: ${f.name}`,
      f.gap,
      f.entropy > 0
        ? `(I₁ − I₂) / H of factor ${f.name}; best code dimension ${f.bestDim}`
        : `factor ${f.name} never varies here: left out of mig`,
    ]),
  ];
  const shown = rows.filter(([, v]) => v !== undefined) as [string, number, string][];
  const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(4));
  const width = Math.max(...shown.map(([n]) => n.length));
  const valueWidth = Math.max(...shown.map(([, v]) => fmt(v).length));
  return [
    `Evaluated ${s.model} on ${s.examples} validation examples of ${s.dataset}${s.binarized ? ', binarized' : ''} (means per example):`,
    ...shown.map(([n, v, what]) => `  ${n.padEnd(width)}  ${fmt(v).padStart(valueWidth)}  ${what}`),
    `Wrote: ${s.files.eval}`,
  ];
}

/** The `ae eval` command. */
export function evalCli(): Command {
  return addRunOptions(
    new Command('eval').description(
      'Evaluate a trained model on its validation data: reconstruction error, ELBO and log-likelihood (variational models), code usage (vq-vae), MIG (data with factors).',
    ),
  )
    .option(
      '--iw-samples <k>',
      'importance samples per example for −log p(x); 0 = skip',
      nonNegativeInt,
      0,
    )
    .option('--limit <n>', 'evaluate at most n validation examples', positiveInt)
    .option('--batch-size <n>', 'examples per batch', positiveInt, 256)
    .addOption(
      new Option(
        '--binarize <mode>',
        'draw the validation pixels once as Bernoulli(grey value), seeded by --seed: run (if the run trained with --binarize dynamic), none, stochastic',
      )
        .choices(EVAL_BINARIZE_MODES)
        .default('run'),
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  ae eval --model-dir runs/quick',
        '  ae eval --model-dir runs/vae --iw-samples 100 --limit 1000 --json',
        '  ae eval --model-dir runs/shapes --binarize none',
        '',
      ].join('\n'),
    )
    .action(async (options: EvalCommandOptions) => {
      const summary = await evalCommand(options);
      printResult(summary, options.json, tableLines(summary));
    });
}
