/** `ae interpolate`: decoded points on the line between the codes of two images. */
import { createRng, exampleSize } from '@ae/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { Command, InvalidArgumentError } from 'commander';
import { CliError } from '../cli-error.js';
import { addRunOptions, fileLines, log, printResult, type RunOptions } from '../command-kit.js';
import {
  announce,
  className,
  openExploreRun,
  outputPath,
  requireImages,
} from '../explore/explore-run.js';
import { gatherExamples, randomPairs } from '../explore/pick-examples.js';
import { checkPictureSize, tileGrid } from '../images/grid.js';
import { writePng } from '../images/png.js';
import { integer, positiveInt } from '../options.js';
import { loadRunData } from '../run-dir.js';

/** Parsed options of `ae interpolate`. */
export interface InterpolateOptions extends RunOptions {
  /** Validation index of the start image (with `to`). */
  from?: number;
  /** Validation index of the end image (with `from`). */
  to?: number;
  /** Decoded points per row, ends included. */
  steps: number;
  /** Rows of random pairs when `from` / `to` are not given. */
  pairs: number;
  /** The PNG to write (default `<model-dir>/interpolate.png`). */
  out?: string;
}

/** One row of the picture. */
export interface InterpolationRow {
  /** Validation index of the start image. */
  from: number;
  /** Validation index of the end image. */
  to: number;
  /** Classes of the two ends, when the data is labelled. */
  classes?: [string, string];
}

/** What `ae interpolate` prints (the `--json` line). */
export interface InterpolateSummary {
  command: 'interpolate';
  model: string;
  dataset: string;
  steps: number;
  rows: InterpolationRow[];
  files: { image: string };
}

/** `ae interpolate`: writes the picture and returns the summary. */
export async function interpolateCommand(o: InterpolateOptions): Promise<InterpolateSummary> {
  if ((o.from === undefined) !== (o.to === undefined)) {
    throw new CliError(
      'CLI_BAD_OPTION',
      `ae interpolate: --from and --to go together (got only ${o.from === undefined ? '--to' : '--from'}); give both validation indices, or neither for random pairs.`,
    );
  }
  const opened = await openExploreRun(
    o,
    { command: 'interpolate', output: 'interpolate.png' },
    (r) => {
      const shape = r.run.model.inputShape as [number, number, number];
      const rows = o.from !== undefined ? 1 : o.pairs;
      checkPictureSize(
        '--steps',
        o.steps,
        (v) => ({ count: rows * (v + 2), columns: v + 2 }),
        shape,
      );
      checkPictureSize(
        '--pairs',
        rows,
        (v) => ({ count: v * (o.steps + 2), columns: o.steps + 2 }),
        shape,
      );
    },
  );
  const { run } = opened;
  const model = run.model;
  const conditional = Boolean(model.numClasses);
  try {
    const data = await loadRunData(run, o.dataset ? { dataset: o.dataset } : {});
    const validation = data.validation;
    requireImages(opened, validation, 'interpolate');
    let pairs: [number, number][];
    if (o.from !== undefined && o.to !== undefined) {
      for (const [flag, i] of [
        ['--from', o.from],
        ['--to', o.to],
      ] as const) {
        if (i < 0 || i >= validation.count) {
          throw new CliError(
            'CLI_BAD_OPTION',
            `ae interpolate: ${flag} ${i} is not a validation index; expected 0 … ${validation.count - 1}.`,
          );
        }
      }
      pairs = [[o.from, o.to]];
      announce(opened);
    } else {
      // A cvae keeps the class fixed along a row (its code holds the style): same-class pairs.
      pairs = randomPairs(
        validation.count,
        o.pairs,
        createRng(o.seed),
        validation.labels,
        conditional ? 'same' : 'different',
      );
      announce(opened);
    }
    const labelOf = (i: number) => validation.labels?.[i] ?? 0;
    if (conditional) {
      const [a, b] = pairs[0] as [number, number];
      if (labelOf(a) !== labelOf(b)) {
        log(
          `${opened.model}: both ends are encoded and decoded as class ${className(run, labelOf(a))}, the class of --from`,
        );
      }
    }
    log(`interpolating ${pairs.length} pair${pairs.length === 1 ? '' : 's'} in ${o.steps} steps`);
    const shape = validation.shape;
    const size = exampleSize(validation);
    const columns = o.steps + 2;
    const pixels = new Float32Array(pairs.length * columns * size);
    for (const [row, [a, b]] of pairs.entries()) {
      const ends = gatherExamples(validation, [a, b]);
      const line = tf.tidy(() =>
        model.interpolate(
          tf.tensor(ends.x.subarray(0, size), [...shape]),
          tf.tensor(ends.x.subarray(size), [...shape]),
          o.steps,
          conditional ? { label: labelOf(a) } : {},
        ),
      );
      const decoded = (await line.data()) as Float32Array;
      line.dispose();
      // Original start, the decoded line, original end.
      const at = row * columns * size;
      pixels.set(ends.x.subarray(0, size), at);
      pixels.set(decoded, at + size);
      pixels.set(ends.x.subarray(size), at + (columns - 1) * size);
    }
    const image = outputPath(run, o.out, 'interpolate.png');
    await writePng(image, tileGrid(pixels, pairs.length * columns, shape, { columns }));
    return {
      command: 'interpolate',
      model: opened.model,
      dataset: data.name,
      steps: o.steps,
      rows: pairs.map(([from, to]) => ({
        from,
        to,
        ...(validation.labels
          ? {
              classes: [className(run, labelOf(from)), className(run, labelOf(to))] as [
                string,
                string,
              ],
            }
          : {}),
      })),
      files: { image },
    };
  } finally {
    model.dispose();
  }
}

/** Parses `--steps`: an integer ≥ 2. */
function steps(value: string): number {
  const n = positiveInt(value);
  if (n < 2) throw new InvalidArgumentError('Expected an integer ≥ 2, e.g. 10.');
  return n;
}

/** The `ae interpolate` command. */
export function interpolateCli(): Command {
  return addRunOptions(
    new Command('interpolate').description(
      'Decode points on the straight line between the latent codes of two validation images.',
    ),
  )
    .option('--from <i>', 'validation index of the start image (with --to)', integer)
    .option('--to <j>', 'validation index of the end image (with --from)', integer)
    .option('--steps <n>', 'decoded points per row, both ends included', steps, 10)
    .option('--pairs <n>', 'rows of random pairs (without --from / --to)', positiveInt, 4)
    .option('--out <file>', 'the PNG to write (default: <model-dir>/interpolate.png)')
    .addHelpText(
      'after',
      [
        '',
        'Each row shows the start image, the decoded points and the end image. Random pairs',
        '(seeded by --seed) have different classes; for a cvae they share one class, which',
        'stays fixed along the row.',
        '',
        'Examples:',
        '  ae interpolate --model-dir runs/quick --pairs 6 --steps 12',
        '  ae interpolate --model-dir runs/quick --from 3 --to 10 --json',
        '',
      ].join('\n'),
    )
    .action(async (o: InterpolateOptions) => {
      const s = await interpolateCommand(o);
      printResult(s, o.json, [
        `${s.model}: ${s.rows.length} interpolation${s.rows.length === 1 ? '' : 's'} of ${s.steps} steps (${s.rows.map((r) => `${r.from}→${r.to}`).join(', ')}).`,
        ...fileLines([[s.files.image, 'start image, decoded line, end image per row']]),
      ]);
    });
}
