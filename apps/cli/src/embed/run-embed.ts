/**
 * `ae embed`: encodes validation examples of a run, projects the latent codes to 2-D
 * (t-SNE or UMAP; codes that are already 2-D are plotted as they are) and writes a
 * scatter plot coloured by class and a CSV of the points.
 */
import { join, resolve } from 'node:path';
import { initBackend } from '@ae/backend';
import { limit } from '@ae/datasets';
import { latentCodes } from '@ae/evaluation';
import { CliError } from '../cli-error.js';
import { log, type RunOptions } from '../command-kit.js';
import { checkOutFile, writeOutputFile } from '../out-path.js';
import { scatterPng } from '../plots/index.js';
import { loadRunData, openRun } from '../run-dir.js';
import { embedCsv } from './embed-csv.js';
import { neighbourAgreement } from './neighbour-agreement.js';
import { stepBar } from './step-bar.js';
import { tsne2d } from './tsne.js';
import { checkTsneInternals } from './tsne-internals.js';
import { umap2d } from './umap.js';

/** The projections of `--method`. */
export const EMBED_METHODS = ['umap', 'tsne'] as const;

/** A projection to 2-D. */
export type EmbedMethod = (typeof EMBED_METHODS)[number];

/** Parsed options of `ae embed`. */
export interface EmbedCommandOptions extends RunOptions {
  /** `--method`: the projection. */
  method: EmbedMethod;
  /** `--limit`: at most this many validation examples. */
  limit: number;
  /** `--perplexity` of t-SNE. */
  perplexity: number;
  /** `--neighbors` of UMAP. */
  neighbors: number;
  /** `--iterations`: t-SNE steps or UMAP epochs (default 1000, or UMAP's own choice). */
  iterations?: number;
  /** `--out`: the PNG (the CSV goes beside it); default `<model-dir>/embed-<method>.png`. */
  out?: string;
}

/** The summary of `ae embed` (the last line of stdout with `--json`). */
export interface EmbedSummary {
  command: 'embed';
  /** The projection used; `'none'` when the latent codes were already 2-D. */
  method: EmbedMethod | 'none';
  /** Number of points plotted (validation examples encoded). */
  points: number;
  /** Dimension of the model's latent codes. */
  latentDim: number;
  /** The data, e.g. `'mnist'`. */
  dataset: string;
  /**
   * Fraction of points whose nearest neighbour in the picture has the same class
   * (labelled data only): how well the picture keeps classes together.
   */
  neighbourAgreement?: number;
  /** Wall time in seconds. */
  seconds: number;
  /** Paths of the files written. */
  files: {
    /** Scatter plot coloured by class. */
    png: string;
    /** `x,y,label` per point. */
    csv: string;
  };
}

const TITLES: Record<EmbedMethod | 'none', string> = {
  tsne: 't-SNE',
  umap: 'UMAP',
  none: 'z',
};

/** Checks the flags that do not need the data, before anything is loaded. */
function checkFlags(o: EmbedCommandOptions): void {
  if (o.out !== undefined && !o.out.toLowerCase().endsWith('.png')) {
    throw new CliError(
      'CLI_BAD_OPTION',
      `--out ${o.out}: expected a .png file name, e.g. --out runs/quick/embed.png (the CSV is written beside it).`,
    );
  }
  if (o.out !== undefined) checkOutFile('--out', o.out, 'embed.png');
  if (o.neighbors < 2) {
    throw new CliError(
      'CLI_BAD_OPTION',
      `--neighbors ${o.neighbors}: UMAP needs at least 2 neighbours (default 15).`,
    );
  }
}

/** Checks that the projection can run on `n` points. */
function checkPointCount(o: EmbedCommandOptions, n: number): void {
  if (o.method === 'tsne' && o.perplexity >= n - 1) {
    const fit = Math.max(1, Math.floor((n - 1) / 3));
    throw new CliError(
      'CLI_BAD_OPTION',
      `--perplexity ${o.perplexity} is too large for ${n} points: t-SNE needs a perplexity below the number of points − 1. Pass --perplexity ${fit} (about a third of the points works well) or use more points (--limit).`,
    );
  }
  if (o.method === 'umap' && o.neighbors >= n) {
    throw new CliError(
      'CLI_BAD_OPTION',
      `--neighbors ${o.neighbors} needs more than ${o.neighbors} points, but there are ${n}. Pass --neighbors ${Math.max(2, n - 1)} or fewer, or use more points (--limit).`,
    );
  }
}

/** Projects `[n, dim]` codes to `[n, 2]`, with a progress bar on stderr. */
async function project(
  o: EmbedCommandOptions,
  codes: Float32Array,
  n: number,
  dim: number,
): Promise<Float32Array> {
  const name = TITLES[o.method];
  const unit = o.method === 'tsne' ? 'iterations' : 'epochs';
  let bar: ReturnType<typeof stepBar> | undefined;
  const onStep = (done: number, total: number) => {
    bar ??= stepBar(name, unit, total);
    bar.update(done);
  };
  try {
    if (o.method === 'tsne') {
      log(`t-SNE of ${n} points: perplexity ${o.perplexity}, seed ${o.seed}`);
      return await tsne2d(codes, n, dim, {
        perplexity: o.perplexity,
        iterations: o.iterations ?? 1000,
        seed: o.seed,
        onStep,
      });
    }
    log(`UMAP of ${n} points: ${o.neighbors} neighbours, seed ${o.seed} (finding neighbours…)`);
    return await umap2d(codes, n, dim, {
      neighbors: o.neighbors,
      seed: o.seed,
      ...(o.iterations !== undefined ? { epochs: o.iterations } : {}),
      onStep,
    });
  } finally {
    bar?.stop();
  }
}

/** Runs `ae embed`. */
export async function embedCommand(o: EmbedCommandOptions): Promise<EmbedSummary> {
  const started = performance.now();
  checkFlags(o);
  if (o.method === 'tsne') checkTsneInternals();
  const backend = await initBackend(o.backend ? { prefer: o.backend } : {});
  // Opened before anything is printed, so a wrong --model-dir is one line on stderr.
  const run = await openRun(o.modelDir, { command: 'embed' });
  try {
    log(`backend: ${backend.name} (${backend.packageName})`);
    const dim = run.model.latentDim;
    if (dim < 2) {
      throw new CliError(
        'CLI_WRONG_FAMILY',
        `ae embed: --model-dir ${o.modelDir} has a 1-dimensional latent space; there is nothing to project to 2-D. Train one with --latent-dim 2 or more.`,
      );
    }
    const data = await loadRunData(run, o.dataset ? { dataset: o.dataset } : {});
    const n = Math.min(o.limit, data.validation.count);
    const direct = dim === 2;
    if (!direct) checkPointCount(o, n);
    const ds = limit(data.validation, n);
    log(`encoding ${n} validation examples of ${data.name} to ${dim}-D codes`);
    const codes = await latentCodes(run.model, ds);
    const method = direct ? 'none' : o.method;
    if (direct)
      log(`the latent space is already 2-D: plotting the codes directly (no ${TITLES[o.method]})`);
    const xy = direct ? codes : await project(o, codes, n, dim);

    const png = resolve(o.out ?? join(run.dir, `embed-${direct ? 'latent' : o.method}.png`));
    const csv = png.replace(/\.png$/i, '.csv');
    const family = run.runJson?.model ?? run.aeJson.family;
    const classNames = ds.classNames ?? run.aeJson.dataset?.classNames;
    const axis = TITLES[method];
    const what = `${family} on ${data.name}, ${n} validation examples`;
    const title = direct
      ? `Latent codes (2-D)\n${what}`
      : `${axis} of ${dim}-D latent codes\n${what}`;
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = xy[2 * i] as number;
      y[i] = xy[2 * i + 1] as number;
    }
    const picture = await scatterPng(
      { x, y, ...(ds.labels ? { labels: ds.labels } : {}) },
      {
        title,
        xLabel: `${axis}${direct ? '' : ' '}1`,
        yLabel: `${axis}${direct ? '' : ' '}2`,
        ...(classNames ? { classNames } : {}),
      },
    );
    await writeOutputFile(png, picture);
    await writeOutputFile(csv, embedCsv(xy, ds.labels));
    const agreement = ds.labels && n > 1 ? neighbourAgreement(xy, ds.labels) : undefined;
    return {
      command: 'embed',
      method,
      points: n,
      latentDim: dim,
      dataset: data.name,
      ...(agreement !== undefined ? { neighbourAgreement: agreement } : {}),
      seconds: (performance.now() - started) / 1000,
      files: { png, csv },
    };
  } finally {
    run.model.dispose();
  }
}
