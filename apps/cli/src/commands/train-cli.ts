/** `ae train`: its flags, help text and the summary it prints. */

import { join } from 'node:path';

import { DATA_SOURCE_FORMS as DATASET_FORMS } from '@ae/datasets';
import { ACTIVATIONS } from '@ae/layers';
import type { Checkpoint } from '@ae/trainer/node';
import { PRESETS, RECIPE_NAMES, RECIPES } from '@ae/vae';
import { Command, Option } from 'commander';
import { CliError } from '../cli-error.js';
import { applyConfig, readTrainConfig } from '../config-file.js';
import { parseClassList, parseDatasetSpec, parseNoiseSpec } from '../data/dataset-spec.js';
import { formatDefault, recipeDefaultsText } from '../models/build-model.js';
import { integer, nonNegativeNumber, positiveInt, positiveNumber, widthList } from '../options.js';
import { parseKlSchedule, parseLrSchedule } from '../schedule-spec.js';
import { checkSavedConfig } from './saved-config.js';
import {
  requireCheckpoint,
  type TrainCommandOptions,
  type TrainSummary,
  trainCommand,
} from './train.js';
import { checkModelFlags, checkUnusedOptions, TRAIN_BINARIZE_MODES } from './train-checks.js';

function printSummary(summary: TrainSummary, json: boolean | undefined): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const m = summary.metrics;
  const terms = Object.entries(m)
    .filter(([k]) => !['epoch', 'step', 'seconds', 'samplesPerSecond'].includes(k))
    .map(([k, v]) => `  ${k.padEnd(20)} ${v.toFixed(4)}`)
    .join('\n');
  const f = summary.files;
  const files: [string, string][] = [
    [`${f.model}/`, 'saved model (ae.json and one folder per network)'],
    [f.metrics, 'one JSON object per epoch'],
  ];
  if (f.reconstructions) {
    files.push([f.reconstructions, 'test images (top), [noisy inputs,] reconstructions (bottom)']);
  }
  if (f.samples) files.push([f.samples, 'decoded draws from the prior']);
  files.push([f.loss, 'every loss term against the epoch']);
  if (summary.best) {
    files.push([
      `${f.best}/`,
      `model of the best epoch (${summary.best.epoch}, ${summary.best.metric} ${summary.best.value.toFixed(2)})`,
    ]);
  }
  files.push([`${f.checkpoints}/`, 'last checkpoint, to continue with --resume']);
  const width = Math.max(...files.map(([p]) => p.length));
  process.stdout.write(
    [
      ...(summary.resumedFrom ? [`Resumed after epoch ${summary.resumedFrom}.`] : []),
      ...(summary.stoppedEarly ? ['Stopped early: val_total stopped improving.'] : []),
      `Trained ${summary.model} on ${summary.dataset} (${summary.examples.train} examples, ${summary.epochs} epoch${summary.epochs === 1 ? '' : 's'}, ${summary.steps} steps) with ${summary.backend} in ${summary.seconds.toFixed(1)} s.`,
      'Final metrics (per example, nats):',
      terms,
      'Wrote:',
      ...files.map(([path, what]) => `  ${path.padEnd(width)}  ${what}`),
      '',
    ].join('\n'),
  );
}

/** Flags that may differ on `--resume`; every other one must match the saved run. */
const RESUME_MAY_CHANGE = [
  'epochs',
  'learningRate',
  'earlyStopping',
  'checkpointEvery',
  'backend',
  'json',
  'resume',
  'config',
  'out',
];

/** The flag of an option's attribute name: `learningRate` → `--learning-rate`. */
const flagOf = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * The options of a resumed run: those saved with its last checkpoint, with the flags given
 * now that may change. Any other flag given now must equal the saved value, since the run
 * could not otherwise continue as it began.
 */
async function resumeOptions(
  now: TrainCommandOptions,
  given: (key: string) => boolean,
): Promise<{ options: TrainCommandOptions; checkpoint: Checkpoint }> {
  const checkpoint = await requireCheckpoint(now.out);
  checkSavedConfig(checkpoint.config, now, join(checkpoint.dir, 'trainer.json'));
  const saved = checkpoint.config as TrainCommandOptions;
  const merged: Record<string, unknown> = { ...saved, out: now.out, resume: true };
  const was = saved as unknown as Record<string, unknown>;
  // A flag the saved run left at its default (absent there) reads as that default.
  const show = (v: unknown) => (v === undefined ? 'its default' : JSON.stringify(v));
  for (const [key, value] of Object.entries(now)) {
    if (!given(key)) continue;
    if (RESUME_MAY_CHANGE.includes(key)) merged[key] = value;
    else if (JSON.stringify(value) !== JSON.stringify(was[key])) {
      throw new CliError(
        'CLI_BAD_OPTION',
        `--resume: the run was started with ${flagOf(key)} ${show(was[key])}, not ${JSON.stringify(value)}; drop that flag (only ${RESUME_MAY_CHANGE.slice(0, 5).map(flagOf).join(', ')} may change).`,
      );
    }
  }
  return { options: merged as unknown as TrainCommandOptions, checkpoint };
}

/** One line per model for the help text: name, description, defaults. */
function modelLines(): string[] {
  return RECIPE_NAMES.map((name) => {
    const r = RECIPES[name];
    const defaults = recipeDefaultsText(name);
    return `  ${name.padEnd(10)} ${r.description}${defaults ? ` (defaults: ${defaults})` : ''}`;
  });
}

/** The default of recipe option `key` of `name`, as help shows it. */
const recipeDefault = (
  name: keyof typeof RECIPES,
  key: keyof (typeof RECIPES)['vae']['defaults'],
) => formatDefault(RECIPES[name].defaults[key]);

/** The `ae train` command. */
export function trainCli(): Command {
  return new Command('train')
    .description('Train a model and write it, its metrics and pictures into --out.')
    .addOption(
      new Option('--model <family>', 'what to train: one of the models listed below')
        .choices(RECIPE_NAMES)
        .default('vae'),
    )
    .addOption(
      new Option(
        '--preset <name>',
        'a classic network instead of the dense default (see the presets list below)',
      ).choices(PRESETS.map((p) => p.name)),
    )
    .addOption(
      new Option('--dataset <spec>', `data: ${DATASET_FORMS}`)
        .argParser(parseDatasetSpec)
        .default({ kind: 'mnist' }, 'mnist'),
    )
    .option(
      '--class <names>',
      'train only on these classes, e.g. 3 or 3,8 or Sneaker',
      parseClassList,
    )
    .option(
      '--noise <kind:amount>',
      'corrupt the training input (denoising): gaussian:<std>, salt-pepper:<fraction>, mask:<fraction>',
      parseNoiseSpec,
    )
    .option('--label-column <name>', 'csv: the column that holds the class label')
    .option('--epochs <n>', 'passes over the training set', positiveInt, 5)
    .option('--batch-size <n>', 'examples per step', positiveInt, 128)
    .option(
      '--latent-dim <n>',
      'dimension of the latent code (default: per model, see Models below; set by --preset)',
      positiveInt,
    )
    .option(
      '--hidden <widths>',
      `hidden layer widths of the encoder, the decoder mirrors them (default: ${recipeDefault('vae', 'hidden')})`,
      widthList,
    )
    .addOption(
      new Option(
        '--activation <name>',
        "activation of the dense hidden layers (default relu, the models' own); not with --preset, conv-ae or vq-vae",
      ).choices(ACTIVATIONS),
    )
    .option(
      '--beta <x>',
      `weight of the KL term (default: ${recipeDefault('vae', 'beta')}; ${recipeDefault('beta-vae', 'beta')} for beta-vae)`,
      nonNegativeNumber,
    )
    .option(
      '--sparsity-weight <x>',
      `sparse-ae: weight of the L1 code penalty (default: ${recipeDefault('sparse-ae', 'sparsityWeight')})`,
      nonNegativeNumber,
    )
    .option(
      '--codes <n>',
      `vq-vae: codebook size (default: ${recipeDefault('vq-vae', 'numCodes')})`,
      positiveInt,
    )
    .option(
      '--code-dim <n>',
      `vq-vae: dimension of each code vector (default: ${recipeDefault('vq-vae', 'codeDim')})`,
      positiveInt,
    )
    .option(
      '--no-ema',
      'vq-vae: learn the codebook through its loss instead of exponential moving averages',
    )
    .option(
      '--dead-code-threshold <x>',
      `vq-vae: restart codes used less than this often (EMA count per batch); 0 turns it off (default: ${recipeDefault('vq-vae', 'deadCodeThreshold')})`,
      nonNegativeNumber,
    )
    .addOption(
      new Option(
        '--binarize <mode>',
        'none, or dynamic: draw each pixel as Bernoulli(its grey value) every time an example is used (pixels in [0, 1] only)',
      )
        .choices(TRAIN_BINARIZE_MODES)
        .default('none'),
    )
    .option('--learning-rate <x>', 'learning rate', positiveNumber, 1e-3)
    .option(
      '--lr-schedule <kind>',
      'learning rate over time: constant, cosine[:<warm-up epochs>] (to 0 at the end), exponential:<half-life epochs>',
      parseLrSchedule,
    )
    .option(
      '--kl-schedule <kind>',
      'vae, beta-vae, cvae: weight of the KL term over time: constant, warmup:<epochs> (0 → 1), cyclical:<cycles>',
      parseKlSchedule,
    )
    .option(
      '--early-stopping <patience>',
      'stop when val_total has not improved for this many epochs (the best model is in <out>/best)',
      positiveInt,
    )
    .option(
      '--checkpoint-every <n>',
      'write a checkpoint every n epochs (and at the end)',
      positiveInt,
      1,
    )
    .option(
      '--resume',
      'continue from the last checkpoint in <out>/checkpoints with its saved options (--epochs, --learning-rate, --early-stopping, --checkpoint-every and --backend may change)',
    )
    .addOption(
      new Option(
        '--overwrite',
        'replace the run already in --out (only the files ae writes are removed); without it a non-empty --out is refused',
      ).conflicts('resume'),
    )
    .option(
      '--config <file>',
      'options from a JSON or YAML file (keys as the flags: epochs, batch-size …); flags win',
    )
    .addOption(
      new Option('--optimizer <name>', 'optimizer')
        .choices(['adam', 'sgd', 'rmsprop'])
        .default('adam'),
    )
    .option(
      '--limit <n>',
      'use only the first n training (and validation) examples, after --class',
      positiveInt,
    )
    .option('--seed <n>', 'seed of weights, shuffling and noise', integer, 0)
    .addOption(
      new Option('--backend <name>', 'tfjs backend (default: fastest installed)').choices([
        'tensorflow',
        'wasm',
        'cpu',
      ]),
    )
    .option(
      '--out <dir>',
      'output directory: new or empty, or with --resume / --overwrite the run in it',
      'runs/vae-mnist',
    )
    .option('--json', 'print one JSON summary as the last line of stdout')
    .addHelpText(
      'after',
      [
        '',
        'Models:',
        ...modelLines(),
        '',
        'Examples:',
        '  ae train --model vae --dataset mnist --epochs 1 --limit 2000 --seed 1 --out runs/quick --json',
        '  ae train --dataset fashion-mnist --class Sneaker,Sandal --epochs 3',
        '  ae train --dataset shapes --latent-dim 6 --beta 4 --out runs/shapes',
        '  ae train --dataset mnist --noise gaussian:0.4 --out runs/denoise',
        '  ae train --dataset csv:readings.csv --label-column status --out runs/tabular',
        '  ae train --model conv-ae --preset torch-conv-ae --epochs 2 --out runs/conv',
        '  ae train --model cvae --epochs 5 --out runs/cvae',
        '  ae train --model vae --hidden 200,200 --latent-dim 50 --activation tanh --binarize dynamic --out runs/binary',
        '  ae train --model vae --kl-schedule warmup:2 --lr-schedule cosine --early-stopping 3 --epochs 20',
        '  ae train --config runs.yaml --out runs/from-config',
        '  ae train --resume --out runs/quick --epochs 10',
        '  ae train --overwrite --out runs/quick --epochs 2',
        '',
        'Presets:',
        ...PRESETS.map((p) => `  ${p.name.padEnd(15)} ${p.description}`),
        '',
      ].join('\n'),
    )
    .action(async (options: TrainCommandOptions & { config?: string }, command: Command) => {
      const fromConfig = new Set<string>();
      const given = (key: string) => command.getOptionValueSource(key) === 'cli';
      if (options.config) {
        const config = await readTrainConfig(options.config);
        const applied = applyConfig(
          options.config,
          config,
          options as unknown as Record<string, unknown>,
          (key) => {
            const opt = command.options.find((x) => x.attributeName() === key);
            return {
              given: given(key),
              ...(opt?.parseArg ? { parse: (v: string) => opt.parseArg?.(v, undefined) } : {}),
              ...(opt?.argChoices ? { choices: opt.argChoices } : {}),
            };
          },
        );
        for (const key of applied) fromConfig.add(key);
      }
      if (options.resume) {
        const resumed = await resumeOptions(options, given);
        printSummary(await trainCommand(resumed.options, resumed.checkpoint), resumed.options.json);
      } else {
        checkModelFlags(options);
        checkUnusedOptions(options, (key) => given(key) || fromConfig.has(key));
        printSummary(await trainCommand(options), options.json);
      }
    });
}
