/**
 * Scoring a row's trained model in this process with `@ae/evaluation`: the model an
 * `ae train` run saved (loaded with `loadModel` of `@ae/vae`), the held-out data the row
 * names, and the metrics of `evaluateModel` (what `ae eval` prints for the same data) or
 * the PSNR of denoised images (what `ae denoise` prints).
 */
import { resolve } from 'node:path';
import { initBackend } from '@ae/backend';
import type { AutoencoderModel } from '@ae/core';
import { binarize, createRng, type Dataset, exampleSize, limit, shapes, split } from '@ae/datasets';
import { loadFashionMnist, loadMnist } from '@ae/datasets/node';
import {
  type EvalMetrics,
  type EvaluateModelOptions,
  evaluateModel,
  mean,
  meanPsnr,
  psnrOfMse,
  reconstructionErrors,
} from '@ae/evaluation';
import { loadModel } from '@ae/vae';
import { REPO_ROOT } from '../markdown-doc.js';

/** Seed of the held-out data's draws (binarization, the shapes split), as `ae`'s default `--seed`. */
export const DATA_SEED = 0;

/** Test images of the data sets the rows use. */
export type TestSet = 'mnist' | 'fashion-mnist';

/** Options of {@link testImages}. */
export interface TestImagesOptions {
  /** Keep only the first `limit` images. */
  limit?: number;
  /** Draw every pixel once as Bernoulli(p = grey value), seeded by {@link DATA_SEED}. */
  binarize?: boolean;
}

/** The test split of `set`, as `ae eval` reads it for a run trained on that data. */
export async function testImages(set: TestSet, o: TestImagesOptions = {}): Promise<Dataset> {
  const all =
    set === 'mnist'
      ? await loadMnist({ split: 'test' })
      : await loadFashionMnist({ split: 'test' });
  const data = o.limit === undefined ? all : limit(all, Math.min(o.limit, all.count));
  if (o.binarize !== true) return data;
  return { ...data, name: `${data.name}-binarized`, x: binarize(data.x, createRng(DATA_SEED)) };
}

/**
 * The held-out tenth of `ae train --dataset shapes:<size>` (20,000 random images split
 * 90 / 10 with the run's seed, {@link DATA_SEED} by default).
 */
export function heldOutShapes(size: number): Dataset {
  const all = shapes({ size, mode: 'random', count: 20_000, seed: DATA_SEED });
  const { validation } = split(all, { validation: 0.1, seed: DATA_SEED });
  if (validation === undefined)
    throw new Error('heldOutShapes: the split kept no validation part.');
  return validation;
}

/** What {@link scoreRun} returns. */
export interface RunScores {
  /** Every metric the model supports on the data. */
  metrics: EvalMetrics;
  /** Examples scored. */
  examples: number;
  /** Wall-clock seconds of loading the model and scoring. */
  seconds: number;
}

let backendStarted: Promise<unknown> | undefined;

/**
 * Runs `score` on the model saved in `dir` (relative to the repository root, as the rows'
 * `--out`), on the backend `ae` picks, and frees the model; returns the result and the
 * seconds taken, loading included.
 */
async function withRunModel<T>(
  dir: string,
  score: (model: AutoencoderModel) => Promise<T>,
): Promise<{ result: T; seconds: number }> {
  backendStarted ??= initBackend();
  await backendStarted;
  const started = performance.now();
  const model: AutoencoderModel = await loadModel(resolve(REPO_ROOT, dir));
  try {
    const result = await score(model);
    return { result, seconds: (performance.now() - started) / 1000 };
  } finally {
    model.dispose();
  }
}

/**
 * Scores the model saved in `dir` on `data` with `evaluateModel` (batches of 256 and seed 0
 * unless given). Progress goes to stderr.
 */
export async function scoreRun(
  dir: string,
  data: Dataset,
  options: EvaluateModelOptions = {},
): Promise<RunScores> {
  process.stderr.write(`\nscoring ${dir} on ${data.count} examples of ${data.name}\n`);
  const { result, seconds } = await withRunModel(dir, (model) =>
    evaluateModel(model, data, {
      batchSize: 256,
      seed: DATA_SEED,
      ...options,
      onStage: (what) => process.stderr.write(`eval: ${what} …\n`),
    }),
  );
  return { metrics: result, examples: data.count, seconds };
}

/** Mean PSNR (dB, peak 1) against the clean images: of the noisy ones, and of their reconstructions. */
export interface DenoisingPsnr {
  /** Noisy vs clean. */
  noisy: number;
  /** The model's reconstructions of the noisy images vs clean. */
  denoised: number;
}

/**
 * The PSNR of `noisy` (corrupted copies of `clean.x`) and of the reconstructions the model
 * saved in `dir` makes of them, each against `clean`, averaged over the images.
 */
export async function denoisingPsnr(
  dir: string,
  clean: Dataset,
  noisy: Float32Array,
): Promise<DenoisingPsnr> {
  process.stderr.write(`\ndenoising ${clean.count} images with ${dir}\n`);
  const size = exampleSize(clean);
  const { result } = await withRunModel(dir, async (model) => {
    // Σ (x − x̂)² per image with x̂ the reconstruction of the noisy copy.
    const errors = await reconstructionErrors(model, clean, { input: noisy });
    return mean(Array.from(errors, (e) => psnrOfMse(e / size)));
  });
  return { noisy: meanPsnr(clean.x, noisy, clean.count), denoised: result };
}
