/** `ae manifold`: decodes a grid over two latent dimensions. */
import { canSample, hasCodebook } from '@ae/core';
import { latentCodes, quantiles } from '@ae/evaluation';
import { Command, InvalidArgumentError, Option } from 'commander';
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
import { gaussianGrid, linearGrid } from '../explore/normal-quantile.js';
import { checkPictureSize, tileGrid } from '../images/grid.js';
import { writePng } from '../images/png.js';
import { positiveInt, positiveNumber } from '../options.js';
import { loadRunData } from '../run-dir.js';

/** How grid coordinates are placed. */
export type Spacing = 'gaussian' | 'linear';

/** Parsed options of `ae manifold`. */
export interface ManifoldOptions extends RunOptions {
  /** Points per axis. */
  grid: number;
  /** The two latent dimensions of the plane (default 0,1). */
  dims?: [number, number];
  /** Default: gaussian for models with a prior, linear otherwise. */
  spacing?: Spacing;
  /** Linear spacing: coordinates in [−range, range] (default 3; plain autoencoders: percentiles). */
  range?: number;
  /** Class of a conditional model (default: the first). */
  class?: string;
  /** The PNG to write (default `<model-dir>/manifold.png`). */
  out?: string;
}

/** What `ae manifold` prints (the `--json` line). */
export interface ManifoldSummary {
  command: 'manifold';
  model: string;
  grid: number;
  /** Latent dimensions along x (columns, left → right) and y (rows, bottom → top). */
  dims: [number, number];
  spacing: Spacing;
  /** Where linear coordinates come from: `±range`, or percentiles 1–99 of validation codes. */
  bounds?: 'range' | 'percentiles';
  /** Coordinates along each axis, ascending (y is drawn bottom to top). */
  coordinates: { x: number[]; y: number[] };
  /** The class decoded, for conditional models. */
  class?: string;
  files: { image: string };
}

/** Parses `--dims a,b`: two different non-negative integers. */
function dimsOption(value: string): [number, number] {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.length !== 2 || parts.some((p) => !/^\d+$/.test(p)) || parts[0] === parts[1]) {
    throw new InvalidArgumentError('Expected two different latent dimensions, e.g. 0,1.');
  }
  return [Number(parts[0]), Number(parts[1])];
}

/** The checks that can refuse the command once the model is known. */
function checkModel(r: ExploreRun, o: ManifoldOptions): [number, number] {
  const { model, dir } = r.run;
  if (hasCodebook(model)) {
    throw new CliError(
      'CLI_WRONG_FAMILY',
      `ae manifold: --model-dir ${dir} holds a vq-vae, whose codes are discrete codebook vectors: there is no continuous latent plane to walk. Use ae sample or ae interpolate.`,
    );
  }
  if (model.latentDim < 2) {
    throw new CliError(
      'CLI_WRONG_FAMILY',
      `ae manifold: --model-dir ${dir} has a 1-dimensional latent space; a plane needs 2. Use ae interpolate, or train with --latent-dim 2.`,
    );
  }
  const dims = o.dims ?? [0, 1];
  const bad = dims.find((d) => d >= model.latentDim);
  if (bad !== undefined) {
    throw new CliError(
      'CLI_BAD_OPTION',
      `ae manifold: --dims ${dims.join(',')}: latent dimension ${bad} does not exist; the model has ${model.latentDim} (0 … ${model.latentDim - 1}).`,
    );
  }
  if (o.class !== undefined) classLabel(r, o.class, 'manifold');
  return dims;
}

/** `ae manifold`: writes the picture and returns the summary. */
export async function manifoldCommand(o: ManifoldOptions): Promise<ManifoldSummary> {
  let dims: [number, number] = [0, 1];
  const opened = await openExploreRun(o, { command: 'manifold', output: 'manifold.png' }, (r) => {
    dims = checkModel(r, o);
    const shape = r.run.model.inputShape as [number, number, number];
    checkPictureSize('--grid', o.grid, (n) => ({ count: n * n, columns: n }), shape);
  });
  const { run } = opened;
  const model = run.model;
  announce(opened);
  try {
    const n = o.grid;
    const hasPrior = canSample(model);
    const spacing: Spacing = o.spacing ?? (hasPrior ? 'gaussian' : 'linear');
    let label: number | undefined;
    if (model.numClasses) {
      label = o.class === undefined ? 0 : classLabel(opened, o.class, 'manifold');
      if (o.class === undefined) {
        log(`${opened.model}: decoding as class ${className(run, 0)}; pick another with --class`);
      }
    }
    let xs: number[];
    let ys: number[];
    let bounds: ManifoldSummary['bounds'];
    if (spacing === 'gaussian') {
      xs = gaussianGrid(n);
      ys = xs;
    } else if (o.range !== undefined || hasPrior) {
      const r = o.range ?? 3;
      xs = linearGrid(n, -r, r);
      ys = xs;
      bounds = 'range';
    } else {
      // No prior says where codes live: span the middle 98 % of the validation codes.
      const { validation } = await loadRunData(run, o.dataset ? { dataset: o.dataset } : {});
      requireImages(opened, validation, 'manifold');
      const codes = await latentCodes(model, validation);
      const axis = (d: number) => {
        const values = Float64Array.from({ length: validation.count }, (_, i) => {
          return codes[i * model.latentDim + d] as number;
        });
        const [lo, hi] = quantiles(values, [0.01, 0.99]) as [number, number];
        return linearGrid(n, lo, hi);
      };
      xs = axis(dims[0]);
      ys = axis(dims[1]);
      bounds = 'percentiles';
      log(
        `${opened.model} has no prior: the grid spans percentiles 1–99 of ${validation.count} validation codes`,
      );
    }
    // Row r from the top shows the r-th largest y; column c the c-th smallest x; other dims 0.
    const codes = new Float32Array(n * n * model.latentDim);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const at = (r * n + c) * model.latentDim;
        codes[at + dims[0]] = xs[c] as number;
        codes[at + dims[1]] = ys[n - 1 - r] as number;
      }
    }
    log(
      `decoding a ${n} × ${n} grid over latent dimensions ${dims[0]} and ${dims[1]} (${spacing})`,
    );
    const pixels = await decodeRows(model, codes, n * n, label);
    const image = outputPath(run, o.out, 'manifold.png');
    const shape = model.inputShape as [number, number, number];
    await writePng(image, tileGrid(pixels, n * n, shape, { columns: n }));
    return {
      command: 'manifold',
      model: opened.model,
      grid: n,
      dims,
      spacing,
      ...(bounds ? { bounds } : {}),
      coordinates: { x: xs, y: ys },
      ...(label !== undefined ? { class: className(run, label) } : {}),
      files: { image },
    };
  } finally {
    model.dispose();
  }
}

/** The `ae manifold` command. */
export function manifoldCli(): Command {
  return addRunOptions(
    new Command('manifold').description(
      'Decode a grid of codes over two latent dimensions (the others 0).',
    ),
  )
    .option('--grid <n>', 'points per axis', positiveInt, 20)
    .option('--dims <a,b>', 'the two latent dimensions (x, y) of the plane', dimsOption)
    .addOption(
      new Option(
        '--spacing <kind>',
        'gaussian: standard-normal quantiles Φ⁻¹((i + ½)/n); linear: even steps (default: gaussian for models with a prior, else linear)',
      ).choices(['gaussian', 'linear']),
    )
    .option(
      '--range <r>',
      'linear spacing: from −r to r (default 3; plain autoencoders: percentiles 1–99 of the validation codes)',
      positiveNumber,
    )
    .option('--class <c>', 'cvae: the class to decode, by name or label (default: the first)')
    .option('--out <file>', 'the PNG to write (default: <model-dir>/manifold.png)')
    .addHelpText(
      'after',
      [
        '',
        'Columns follow the first dimension left to right, rows the second bottom to top.',
        'Gaussian spacing gives every cell the same mass under the N(0, I) prior. A vq-vae',
        'has no continuous latent plane and is refused.',
        '',
        'Examples:',
        '  ae manifold --model-dir runs/vae2d --grid 20',
        '  ae manifold --model-dir runs/quick --dims 2,5 --spacing linear --range 2 --json',
        '  ae manifold --model-dir runs/cvae --class 4',
        '',
      ].join('\n'),
    )
    .action(async (o: ManifoldOptions) => {
      const s = await manifoldCommand(o);
      printResult(s, o.json, [
        `${s.model}: a ${s.grid} × ${s.grid} grid over latent dimensions ${s.dims[0]} (x) and ${s.dims[1]} (y), ${s.spacing} spacing.`,
        ...fileLines([[s.files.image, 'decoded grid']]),
      ]);
    });
}
