/** `ae denoise`: noisy validation images, the model's reconstructions of them, the clean ones. */
import { type CorruptionSpec, corruptionFromSpec, createRng, subset } from '@ae/datasets';
import { meanPsnr } from '@ae/evaluation';
import { Command } from 'commander';
import { addRunOptions, fileLines, log, printResult, type RunOptions } from '../command-kit.js';
import { parseNoiseSpec } from '../data/dataset-spec.js';
import { blockGrid } from '../explore/block-grid.js';
import { announce, openExploreRun, outputPath, requireImages } from '../explore/explore-run.js';
import { reconstructRows } from '../explore/model-rows.js';
import { evenlySpaced } from '../explore/pick-examples.js';
import { writePng } from '../images/png.js';
import { positiveInt } from '../options.js';
import { loadRunData } from '../run-dir.js';

/** Parsed options of `ae denoise`. */
export interface DenoiseOptions extends RunOptions {
  /** The corruption (default: the run's `--noise`, else gaussian:0.3). */
  noise?: CorruptionSpec;
  /** Validation images to corrupt, reconstruct and measure. */
  count: number;
  /** Of those, how many the PNG draws (the first ones); default 10. */
  show: number;
  /** The PNG to write (default `<model-dir>/denoise.png`). */
  out?: string;
}

/** What `ae denoise` prints (the `--json` line). */
export interface DenoiseSummary {
  command: 'denoise';
  model: string;
  dataset: string;
  /** The corruption applied (seeded by `--seed`). */
  noise: CorruptionSpec;
  /** Images measured (the PSNR is their mean). */
  count: number;
  /** Images drawn in the PNG: the first min(`--show`, `count`) of them. */
  shown: number;
  /** Validation indices of the measured images, in order (the PNG draws the first `shown`). */
  indices: number[];
  /** Mean PSNR (dB, peak 1) over the images: noisy vs clean and denoised vs clean. */
  psnr: { noisy: number; denoised: number };
  files: { image: string };
}

/** Default corruption when neither `--noise` nor the run's own noise is known. */
const DEFAULT_NOISE: CorruptionSpec = { kind: 'gaussian', amount: 0.3 };

/** Tiles per row of the picture. */
const COLUMNS = 10;

/** `ae denoise`: writes the picture and returns the summary. */
export async function denoiseCommand(o: DenoiseOptions): Promise<DenoiseSummary> {
  const opened = await openExploreRun(o, { command: 'denoise', output: 'denoise.png' });
  const { run } = opened;
  const model = run.model;
  try {
    const data = await loadRunData(run, o.dataset ? { dataset: o.dataset } : {});
    const validation = data.validation;
    requireImages(opened, validation, 'denoise');
    announce(opened);
    const noise = o.noise ?? run.runJson?.noise ?? DEFAULT_NOISE;
    const indices = evenlySpaced(validation.count, o.count);
    const clean = subset(validation, indices);
    const noisy = corruptionFromSpec(noise, validation.domain)(clean.x, createRng(o.seed));
    log(`denoising ${clean.count} validation images corrupted by ${noise.kind}:${noise.amount}`);
    const denoised = await reconstructRows(model, noisy, clean.count, clean.labels);
    const psnr = {
      noisy: meanPsnr(clean.x, noisy, clean.count),
      denoised: meanPsnr(clean.x, denoised, clean.count),
    };
    const image = outputPath(run, o.out, 'denoise.png');
    const shown = Math.min(o.show, clean.count);
    const first = (rows: Float32Array) => rows.subarray(0, shown * (rows.length / clean.count));
    await writePng(
      image,
      blockGrid([noisy, denoised, clean.x].map(first), shown, validation.shape, COLUMNS),
    );
    return {
      command: 'denoise',
      model: opened.model,
      dataset: data.name,
      noise,
      count: clean.count,
      shown,
      indices,
      psnr,
      files: { image },
    };
  } finally {
    model.dispose();
  }
}

/** The `ae denoise` command. */
export function denoiseCli(): Command {
  return addRunOptions(
    new Command('denoise').description(
      'Corrupt validation images, reconstruct them, and report PSNR before and after.',
    ),
  )
    .option(
      '--noise <kind:amount>',
      "gaussian:<std>, salt-pepper:<fraction> or mask:<fraction> (default: the run's --noise, else gaussian:0.3)",
      parseNoiseSpec,
    )
    .option(
      '--count <n>',
      'validation images, evenly spread over the set, whose PSNR is averaged',
      positiveInt,
      10,
    )
    .option('--show <n>', 'draw the first n of them in the PNG', positiveInt, 10)
    .option('--out <file>', 'the PNG to write (default: <model-dir>/denoise.png)')
    .addHelpText(
      'after',
      [
        '',
        'Rows: noisy inputs, their reconstructions, the clean images (the first --show of them).',
        'PSNR = 10·log10(1 / MSE) per image (peak 1), averaged over all --count images. The noise',
        'is seeded by --seed.',
        '',
        'Examples:',
        '  ae denoise --model-dir runs/denoise',
        '  ae denoise --model-dir runs/denoise --noise salt-pepper:0.2 --count 20 --json',
        '  ae denoise --model-dir runs/denoise --count 1000 --show 10',
        '',
      ].join('\n'),
    )
    .action(async (o: DenoiseOptions) => {
      const s = await denoiseCommand(o);
      printResult(s, o.json, [
        `${s.model}, ${s.noise.kind}:${s.noise.amount} on ${s.count} images: PSNR ${s.psnr.noisy.toFixed(2)} dB noisy → ${s.psnr.denoised.toFixed(2)} dB denoised.`,
        ...fileLines([
          [
            s.files.image,
            `noisy (top), denoised (middle), clean (bottom)${s.shown < s.count ? `: the first ${s.shown} of the ${s.count}` : ''}`,
          ],
        ]),
      ]);
    });
}
