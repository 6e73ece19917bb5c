/**
 * The folder `ae export` writes for the web demo:
 *
 * ```text
 * web/model/         the saved model (ae.json + each network's model.json and weights)
 * web/export.json    an {@link ExportJson}
 * web/examples.bin   validation images as uint8, row-major [count, h, w, c]
 * ```
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import { writeFileAtomic } from '@ae/core/node';
import type { Dataset } from '@ae/datasets';
import { CliError } from '../cli-error.js';
import { meanStd, quantiles } from './stats.js';

/** Current version of the `export.json` format. */
export const EXPORT_FORMAT_VERSION = 1;

/** Summary statistics of the per-example reconstruction errors of the validation set. */
export interface AnomalyStats {
  /** The score: `'squared-error'`, Σ (x − x̂)² over one example's values. */
  score: 'squared-error';
  /** Quantiles of the score (type 7, linear interpolation). */
  quantiles: { p50: number; p90: number; p95: number; p99: number };
  /** Mean of the score. */
  mean: number;
  /** Population standard deviation of the score. */
  std: number;
}

/** `export.json`: what the web demo needs to know about an exported model. */
export interface ExportJson {
  /** Always `'ae-export'`. */
  format: 'ae-export';
  /** Version of this format. */
  formatVersion: typeof EXPORT_FORMAT_VERSION;
  /** Model family from `ae.json`, e.g. `'vae'`. */
  family: string;
  /** The `--model` of the training run (e.g. `'beta-vae'`), else the family. */
  model: string;
  /** Size of the flattened latent code. */
  latentDim: number;
  /** Shape of one example, `[height, width, channels]`. */
  inputShape: [number, number, number];
  /** Number of classes of a conditional model, 0 otherwise. */
  numClasses: number;
  /** Names of the data's classes, indexed by label, when known. */
  classNames?: string[];
  /** Whether the exported model can sample (a Gaussian prior, or a fitted code prior). */
  hasPrior: boolean;
  /** The example images. */
  examples: {
    /** File name, relative to `export.json`: `'examples.bin'`. */
    file: string;
    /** Number of images in the file. */
    count: number;
    /** Label of each image (empty for unlabelled data). */
    labels: number[];
  };
  /** Reconstruction errors of the validation set, to place a drawing's error among them. */
  anomaly: AnomalyStats;
  /** VQ-VAE only: how often each of the `numCodes` codes is chosen over the example images. */
  codebook?: { numCodes: number; usage: number[] };
  /** ISO time of the export. */
  createdAt: string;
}

/** {@link AnomalyStats} of per-example squared errors. */
export function anomalyStats(errors: ArrayLike<number>): AnomalyStats {
  const [p50, p90, p95, p99] = quantiles(errors, [0.5, 0.9, 0.95, 0.99]) as [
    number,
    number,
    number,
    number,
  ];
  return { score: 'squared-error', quantiles: { p50, p90, p95, p99 }, ...meanStd(errors) };
}

/** Pixel values in [0, 1] as bytes: round(x · 255), clamped to 0 … 255. */
export function toBytes(x: Float32Array): Uint8Array {
  const out = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    out[i] = Math.round(Math.min(1, Math.max(0, x[i] as number)) * 255);
  }
  return out;
}

/** Writes `examples.bin` (the images of `examples` as bytes) into `dir`; returns the path. */
export async function writeExamples(dir: string, examples: Dataset): Promise<string> {
  const path = join(dir, 'examples.bin');
  await writeFileAtomic(path, toBytes(examples.x));
  return path;
}

/**
 * Copies a saved model: `ae.json` and, for each network, its `model.json` and every
 * weight file its manifest lists. Returns the copied files' paths.
 */
export async function copyModel(from: string, to: string, networks: string[]): Promise<string[]> {
  const files = ['ae.json'];
  for (const name of networks) {
    const modelJson = JSON.parse(await readFile(join(from, name, 'model.json'), 'utf8')) as {
      weightsManifest?: { paths: string[] }[];
    };
    files.push(join(name, 'model.json'));
    for (const group of modelJson.weightsManifest ?? []) {
      for (const p of group.paths) files.push(normalize(join(name, p)));
    }
  }
  const written: string[] = [];
  for (const f of files) {
    if (f.startsWith('..') || isAbsolute(f)) {
      throw new CliError(
        'CLI_NOT_A_MODEL_DIR',
        `${from}: a network's model.json lists the weight file ${f}, outside the model directory; re-save the model.`,
      );
    }
    const target = join(to, f);
    await writeFileAtomic(target, await readFile(join(from, f)));
    written.push(target);
  }
  return written;
}

/** Writes `export.json` into `dir`; returns the path. */
export async function writeExportJson(dir: string, json: ExportJson): Promise<string> {
  const path = join(dir, 'export.json');
  // Indented, with arrays of numbers (labels, usage, shape) on one line each.
  const text = JSON.stringify(json, null, 2).replace(
    /\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]/g,
    (_, inner: string) => `[${inner.split(/,\s*/).join(', ')}]`,
  );
  await writeFileAtomic(path, `${text}\n`);
  return path;
}
