/**
 * What the Train tab asks for, checked before anything is sent to the training worker,
 * and the small dense model each choice builds from `@ae/vae`'s recipes.
 */
import { type AutoencoderModel, buildRecipe, RECIPES, type RecipeOptions } from '@ae/vae';
import { DemoError } from './demo-error.js';

/** The recipes the page trains, all with small dense networks so training is quick. */
export const MODEL_KINDS = ['ae', 'vae', 'beta-vae', 'cvae', 'vq-vae'] as const;

/** One of {@link MODEL_KINDS}. */
export type ModelKind = (typeof MODEL_KINDS)[number];

/** Codebook size of the VQ-VAE: one code vector per image, so each code is a prototype. */
const VQ_CODES = 32;

/** A line per model for the model picker: the recipe's title. */
export const MODEL_LABELS: Record<ModelKind, string> = Object.fromEntries(
  MODEL_KINDS.map((k) => [
    k,
    k === 'vq-vae' ? `${RECIPES[k].title} (${VQ_CODES} codes)` : RECIPES[k].title,
  ]),
) as Record<ModelKind, string>;

/** Settings of one training run. */
export interface TrainSettings {
  /** Which model to build. */
  model: ModelKind;
  /** Size of the latent code (for the VQ-VAE: the size of each codebook vector). */
  latentDim: number;
  /** Passes over the training slice. */
  epochs: number;
  /** Adam's learning rate. */
  learningRate: number;
  /** Examples per step. */
  batchSize: number;
  /** Width of the one hidden layer of the encoder (the decoder mirrors it). */
  hidden: number;
  /** Seed of the weights and of the shuffling order. */
  seed: number;
}

/** Defaults of the Train tab: a 2-D VAE, so its latent plane can be explored directly. */
export const DEFAULT_SETTINGS: TrainSettings = {
  model: 'vae',
  latentDim: 2,
  epochs: 3,
  learningRate: 2e-3,
  batchSize: 64,
  hidden: 128,
  seed: 1,
};

function check(ok: boolean, field: string, value: unknown, expected: string): void {
  if (!ok) {
    throw new DemoError(
      'SETTINGS_INVALID',
      `Train settings: ${field} must be ${expected}, got ${JSON.stringify(value)}.`,
    );
  }
}

const isInt = (v: unknown, lo: number, hi: number) =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

/**
 * Checks every field of `s`.
 *
 * @throws DemoError `SETTINGS_INVALID` naming the field, its value and the accepted range.
 */
export function checkSettings(s: TrainSettings): TrainSettings {
  check(MODEL_KINDS.includes(s.model), 'model', s.model, `one of ${MODEL_KINDS.join(', ')}`);
  check(isInt(s.latentDim, 1, 64), 'latent dim', s.latentDim, 'an integer from 1 to 64');
  check(isInt(s.epochs, 1, 100), 'epochs', s.epochs, 'an integer from 1 to 100');
  check(
    typeof s.learningRate === 'number' && s.learningRate > 0 && s.learningRate <= 0.1,
    'learning rate',
    s.learningRate,
    'a number in (0, 0.1], e.g. 0.002',
  );
  check(isInt(s.batchSize, 1, 1024), 'batch size', s.batchSize, 'an integer from 1 to 1024');
  check(isInt(s.hidden, 8, 2048), 'hidden units', s.hidden, 'an integer from 8 to 2048');
  check(isInt(s.seed, 0, 2 ** 31 - 1), 'seed', s.seed, 'a non-negative integer');
  return s;
}

/** What the page changes of a recipe's defaults: small dense networks, and a VQ-VAE tuned for them. */
function pageOptions(s: TrainSettings): RecipeOptions {
  const common: RecipeOptions = { hidden: [s.hidden], seed: s.seed };
  if (s.model !== 'vq-vae') return { ...common, latentDim: s.latentDim };
  return {
    ...common,
    architecture: 'dense',
    numCodes: VQ_CODES,
    codeDim: s.latentDim,
    ema: { decay: 0.95, epsilon: 1e-5 },
    // k-means needs at least one vector per code in the first batch.
    init: s.batchSize >= VQ_CODES ? 'kmeans' : 'uniform',
    // Restart codes that go unused, so the small codebook stays in use.
    deadCodeThreshold: 0.2,
  };
}

/** Builds the model `s` asks for, for 28×28×1 images with `numClasses` classes. */
export function buildModel(s: TrainSettings, numClasses: number): AutoencoderModel {
  return buildRecipe(s.model, pageOptions(s), { inputShape: [28, 28, 1], numClasses });
}
