/** `ae sample`: a grid of draws from the model's prior. */

import { canFitPrior, canSample, hasCodebook, type PriorFittingModel } from '@ae/core';
import { batches } from '@ae/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { addRunOptions, fileLines, log, printResult, type RunOptions } from '../command-kit.js';
import {
  announce,
  classLabel,
  className,
  type ExploreRun,
  openExploreRun,
  outputPath,
  requireImages,
} from '../explore/explore-run.js';
import { decodeRows } from '../explore/model-rows.js';
import { checkPictureSize, tileGrid } from '../images/grid.js';
import { writePng } from '../images/png.js';
import { positiveInt, positiveNumber } from '../options.js';
import { loadRunData } from '../run-dir.js';

/** Parsed options of `ae sample`. */
export interface SampleCommandOptions extends RunOptions {
  /** Draws (default 64; per class row for a conditional model without `--class`: 8). */
  count?: number;
  /** Class name or label of every draw (conditional models). */
  class?: string;
  /** Scale of the Gaussian prior's standard deviation. */
  temperature: number;
  /** The PNG to write (default `<model-dir>/sample.png`). */
  out?: string;
}

/** What `ae sample` prints (the `--json` line). */
export interface SampleSummary {
  command: 'sample';
  model: string;
  /** Draws in the picture. */
  count: number;
  rows: number;
  columns: number;
  temperature: number;
  /** `'gaussian'` (N(0, I)) or `'independent-categorical'` (VQ-VAE, one categorical per position). */
  prior: 'gaussian' | 'independent-categorical';
  /** Class of each row (conditional models), by name. */
  classes?: string[];
  files: { image: string };
}

/** Fits a model's prior on the run's training data unless it was saved with one. */
async function ensurePrior(
  opened: ExploreRun,
  model: PriorFittingModel,
  o: RunOptions,
): Promise<void> {
  if (canSample(model)) {
    log(`${opened.model}: sampling from the independent per-position prior saved with the model`);
    return;
  }
  const { train } = await loadRunData(opened.run, o.dataset ? { dataset: o.dataset } : {});
  requireImages(opened, train, 'sample');
  await model.fitPrior(batches(train, { batchSize: 256, shuffle: false }));
  log(
    `${opened.model}: fitted an independent per-position prior over the codes of ${train.count} training examples; samples ignore how neighbouring codes go together`,
  );
}

/** `count` draws of class `label` (or unconditional) at `temperature`, as pixel rows. */
async function draw(
  model: ExploreRun['run']['model'],
  count: number,
  seed: number,
  temperature: number,
  label?: number,
): Promise<Float32Array> {
  const options = { seed, ...(label === undefined ? {} : { label }) };
  if (temperature === 1 && model.sample) {
    const s = model.sample(count, options);
    const out = (await s.data()) as Float32Array;
    s.dispose();
    return out;
  }
  // The draws of `sample` (z = ε, ε ~ N(0, I) from the same seed), scaled by the temperature.
  const z = tf.tidy(() =>
    tf.mul(tf.randomNormal([count, model.latentDim], 0, 1, 'float32', seed), temperature),
  );
  const codes = (await z.data()) as Float32Array;
  z.dispose();
  return decodeRows(model, codes, count, label);
}

/** `ae sample`: writes the picture and returns the summary. */
export async function sampleCommand(o: SampleCommandOptions): Promise<SampleSummary> {
  let label: number | undefined;
  const opened = await openExploreRun(
    o,
    { command: 'sample', sample: true, output: 'sample.png' },
    (r) => {
      if (o.class !== undefined) label = classLabel(r, o.class, 'sample');
      if (hasCodebook(r.run.model) && o.temperature !== 1) {
        throw new CliError(
          'CLI_BAD_OPTION',
          `ae sample: --temperature ${o.temperature} scales a Gaussian prior; the ${r.model} in ${r.run.dir} samples codes from a categorical prior. Leave --temperature out.`,
        );
      }
    },
  );
  const { run } = opened;
  const model = run.model;
  const shape = model.inputShape as [number, number, number];
  const numClasses = model.numClasses ?? 0;
  const perClass = numClasses > 0 && label === undefined;
  const image = outputPath(run, o.out, 'sample.png');
  try {
    if (o.count !== undefined) {
      checkPictureSize(
        '--count',
        o.count,
        (v) =>
          perClass
            ? { count: v * numClasses, columns: v }
            : { count: v, columns: Math.ceil(Math.sqrt(v)) },
        shape,
      );
    }
  } catch (error) {
    model.dispose();
    throw error;
  }
  announce(opened);
  try {
    let prior: SampleSummary['prior'] = 'gaussian';
    if (canFitPrior(model)) {
      await ensurePrior(opened, model, o);
      prior = 'independent-categorical';
    }
    const perClassRows = perClass;
    const parts: Float32Array[] = [];
    let count: number;
    let columns: number;
    let classes: string[] | undefined;
    if (perClassRows) {
      // One row per class, `--count` (default 8) draws each, a seed per row.
      columns = o.count ?? 8;
      const k = numClasses;
      classes = Array.from({ length: k }, (_, c) => className(run, c));
      log(`drawing ${columns} samples of each of ${k} classes, one row per class`);
      for (let c = 0; c < k; c++) {
        parts.push(await draw(model, columns, o.seed + c, o.temperature, c));
      }
      count = columns * k;
    } else {
      count = o.count ?? 64;
      columns = Math.ceil(Math.sqrt(count));
      if (label !== undefined) classes = [className(run, label)];
      log(
        `drawing ${count} samples${label === undefined ? '' : ` of class ${className(run, label)}`}`,
      );
      parts.push(await draw(model, count, o.seed, o.temperature, label));
    }
    const pixels = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of parts) {
      pixels.set(p, at);
      at += p.length;
    }
    await writePng(image, tileGrid(pixels, count, shape, { columns }));
    return {
      command: 'sample',
      model: opened.model,
      count,
      rows: Math.ceil(count / columns),
      columns,
      temperature: o.temperature,
      prior,
      ...(classes ? { classes } : {}),
      files: { image },
    };
  } finally {
    model.dispose();
  }
}

/** The `ae sample` command. */
export function sampleCli(): Command {
  return addRunOptions(
    new Command('sample').description('Decode draws from the prior of a vae, cvae or vq-vae.'),
  )
    .option(
      '--count <n>',
      'number of draws (default 64; a cvae without --class: draws per class row, default 8)',
      positiveInt,
    )
    .option('--class <c>', 'cvae: the class of every draw, by name or label')
    .option(
      '--temperature <t>',
      'scale of the prior standard deviation (Gaussian priors): < 1 draws nearer the mean',
      positiveNumber,
      1,
    )
    .option('--out <file>', 'the PNG to write (default: <model-dir>/sample.png)')
    .addHelpText(
      'after',
      [
        '',
        'Plain autoencoders have no prior and are refused. A vq-vae samples every position of',
        'its code map independently from code frequencies counted on the training data (fitted',
        'here when the saved model has none), so its samples look like mixtures of parts.',
        '',
        'Examples:',
        '  ae sample --model-dir runs/quick --count 64 --temperature 0.8',
        '  ae sample --model-dir runs/cvae              # one row per class',
        '  ae sample --model-dir runs/cvae --class 7 --count 16 --json',
        '',
      ].join('\n'),
    )
    .action(async (o: SampleCommandOptions) => {
      const s = await sampleCommand(o);
      const what = s.classes && s.classes.length > 1 ? 'one row per class' : 'draws';
      printResult(s, o.json, [
        `${s.model}: ${s.count} samples (${s.prior} prior, temperature ${s.temperature}).`,
        ...fileLines([[s.files.image, `${s.rows} × ${s.columns} ${what}`]]),
      ]);
    });
}
