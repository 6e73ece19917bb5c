/** `ae reconstruct`: validation images and their reconstructions, with the error. */
import { subset } from '@ae/datasets';
import { meanStd, reconstructionErrors } from '@ae/evaluation';
import { Command } from 'commander';
import { addRunOptions, fileLines, log, printResult, type RunOptions } from '../command-kit.js';
import { blockGrid } from '../explore/block-grid.js';
import { announce, openExploreRun, outputPath, requireImages } from '../explore/explore-run.js';
import { reconstructRows } from '../explore/model-rows.js';
import { evenlySpaced } from '../explore/pick-examples.js';
import { writePng } from '../images/png.js';
import { positiveInt } from '../options.js';
import { loadRunData } from '../run-dir.js';

/** Parsed options of `ae reconstruct`. */
export interface ReconstructOptions extends RunOptions {
  /** Validation images to show. */
  count: number;
  /** The PNG to write (default `<model-dir>/reconstruct.png`). */
  out?: string;
}

/** What `ae reconstruct` prints (the `--json` line). */
export interface ReconstructSummary {
  command: 'reconstruct';
  model: string;
  dataset: string;
  /** Images shown (evenly spread over the validation set). */
  count: number;
  /** Validation indices of the images shown, left to right, top to bottom. */
  indices: number[];
  /** Mean over the shown images of Σ (x − x̂)² per image. */
  meanSquaredError: number;
  /** The same mean over every validation example, and how many there are. */
  validation: { examples: number; meanSquaredError: number };
  files: { image: string };
}

/** Tiles per row of the picture. */
const COLUMNS = 8;

/** `ae reconstruct`: writes the picture and returns the summary. */
export async function reconstructCommand(o: ReconstructOptions): Promise<ReconstructSummary> {
  const opened = await openExploreRun(o, { command: 'reconstruct', output: 'reconstruct.png' });
  const { run } = opened;
  const model = run.model;
  try {
    const data = await loadRunData(run, o.dataset ? { dataset: o.dataset } : {});
    const validation = data.validation;
    requireImages(opened, validation, 'reconstruct');
    announce(opened);
    const indices = evenlySpaced(validation.count, o.count);
    const shown = subset(validation, indices);
    log(`reconstructing ${shown.count} of ${validation.count} validation examples`);
    const recon = await reconstructRows(model, shown.x, shown.count, shown.labels);
    const all = await reconstructionErrors(model, validation);
    const shownErrors = await reconstructionErrors(model, shown);
    const image = outputPath(run, o.out, 'reconstruct.png');
    await writePng(image, blockGrid([shown.x, recon], shown.count, validation.shape, COLUMNS));
    return {
      command: 'reconstruct',
      model: opened.model,
      dataset: data.name,
      count: shown.count,
      indices,
      meanSquaredError: meanStd(shownErrors).mean,
      validation: { examples: validation.count, meanSquaredError: meanStd(all).mean },
      files: { image },
    };
  } finally {
    model.dispose();
  }
}

/** The `ae reconstruct` command. */
export function reconstructCli(): Command {
  return addRunOptions(
    new Command('reconstruct').description(
      'Draw validation images (top rows) above their reconstructions (rows below) and report the mean squared error.',
    ),
  )
    .option('--count <n>', 'validation images to show, evenly spread over the set', positiveInt, 16)
    .option('--out <file>', 'the PNG to write (default: <model-dir>/reconstruct.png)')
    .addHelpText(
      'after',
      [
        '',
        'The error is Σ (x − x̂)² per image, averaged over the images shown and over the',
        'whole validation set. Conditional models reconstruct with the true labels.',
        '',
        'Examples:',
        '  ae reconstruct --model-dir runs/quick',
        '  ae reconstruct --model-dir runs/quick --count 32 --out recon.png --json',
        '',
      ].join('\n'),
    )
    .action(async (o: ReconstructOptions) => {
      const s = await reconstructCommand(o);
      printResult(s, o.json, [
        `${s.model}: mean squared error ${s.meanSquaredError.toFixed(3)} per image over the ${s.count} shown, ${s.validation.meanSquaredError.toFixed(3)} over all ${s.validation.examples} validation images.`,
        ...fileLines([[s.files.image, 'originals (top rows), reconstructions (rows below)']]),
      ]);
    });
}
