/**
 * The model recipes: every named way of building a model of this package (`'vae'`,
 * `'beta-vae'`, `'dae'`, …) with what it can do, which options it reads, their defaults and
 * a one-line description. Command lines, config files and menus are generated from this
 * table, so a recipe is named, described and defaulted in one place.
 */
import type { Activation } from '@ae/layers';
import { Autoencoder } from './autoencoder.js';
import type { ReconstructionReduction } from './autoencoder-config.js';
import { ConditionalVAE } from './conditional-vae.js';
import { ModelError } from './model-error.js';
import type { PresetName } from './presets.js';
import { VAE } from './vae.js';
import { VQVAE } from './vqvae.js';
import type { VQVAEArchitecture, VQVAEInit } from './vqvae-config.js';

/** Names of the recipes, in the order help texts and menus list them. */
export const RECIPE_NAMES = [
  'ae',
  'dae',
  'sparse-ae',
  'conv-ae',
  'vae',
  'beta-vae',
  'cvae',
  'vq-vae',
] as const;

/** A recipe's name. */
export type RecipeName = (typeof RECIPE_NAMES)[number];

/** A corruption of the training input (denoising): `kind` with its parameter. */
export interface NoiseOption {
  /** `'gaussian'` (amount = std), `'salt-pepper'` (fraction of pixels), `'mask'` (fraction zeroed). */
  kind: 'gaussian' | 'salt-pepper' | 'mask';
  /** The corruption's parameter. */
  amount: number;
}

/** What a user may choose when building from a recipe; each recipe reads some of these. */
export interface RecipeOptions {
  /** A classic network instead of the dense default (sets the code size). */
  preset?: PresetName;
  /** Size of the code (VQ-VAE: see `codeDim`). */
  latentDim?: number;
  /** Widths of the encoder's dense hidden layers; the decoder mirrors them. */
  hidden?: readonly number[];
  /** Activation of the dense hidden layers. */
  activation?: Activation;
  /** Weight of the KL term. */
  beta?: number;
  /** Corruption of the training input; recorded in `ae.json` by autoencoders. */
  noise?: NoiseOption;
  /**
   * Autoencoders: the reconstruction term summed (`'sum'`, the default) or averaged
   * (`'mean'`) over an example's features.
   */
  reduction?: ReconstructionReduction;
  /** Weight of the L1 penalty on the code (sparse autoencoder). */
  sparsityWeight?: number;
  /** Codebook size K (VQ-VAE). */
  numCodes?: number;
  /** Dimension of each code vector (VQ-VAE). */
  codeDim?: number;
  /** Codebook updates by exponential moving averages (VQ-VAE): `true`, `false` or the settings. */
  ema?: boolean | { decay: number; epsilon: number };
  /** Restart codes whose moving usage count falls below this (VQ-VAE); 0 turns it off. */
  deadCodeThreshold?: number;
  /** How the codebook starts (VQ-VAE). */
  init?: VQVAEInit;
  /** Built-in networks of a VQ-VAE: convolutional or dense. */
  architecture?: VQVAEArchitecture;
  /** Seed of the initial weights and of the model's own randomness. */
  seed?: number;
}

/** The name of one of {@link RecipeOptions}. */
export type RecipeOptionName = keyof RecipeOptions;

/** What a recipe needs to know about the data. */
export interface RecipeData {
  /** Shape of one example, `[height, width, channels]`. */
  inputShape: readonly number[];
  /**
   * `'unit'` (values in [0, 1]: Bernoulli likelihood, the default) or `'real'`
   * (standardized features: unit-variance Gaussian likelihood).
   */
  domain?: 'unit' | 'real';
  /** Number of classes, for recipes that need labels. */
  numClasses?: number;
}

/** What a model built from a recipe can do, known before it is built. */
export interface RecipeCapabilities {
  /** The loss has a KL term (loss weight `kl`, which KL schedules change). */
  kl: boolean;
  /** The model has an ELBO and an importance-weighted log-likelihood. */
  elbo: boolean;
  /** The networks are convolutional (dense `hidden` / `activation` do not apply). */
  conv: boolean;
  /** The model is conditional: it needs labelled data. */
  labels: boolean;
  /** The codes are entries of a codebook. */
  codebook: boolean;
  /** Its prior: Gaussian, fitted after training (a codebook's), or none. */
  prior: 'gaussian' | 'fitted' | 'none';
}

/** One entry of {@link RECIPES}. */
export interface Recipe {
  /** The recipe's name, e.g. `'beta-vae'`. */
  readonly name: RecipeName;
  /** A short label for menus, e.g. `'β-VAE (β = 4)'`. */
  readonly title: string;
  /** One line for help texts. */
  readonly description: string;
  /** The family of the model it builds, as `ae.json` records it. */
  readonly family: string;
  /** What the model can do. */
  readonly capabilities: RecipeCapabilities;
  /** The options it reads; any other is meaningless for it. */
  readonly options: readonly RecipeOptionName[];
  /** Defaults of the options it reads (the model class's own defaults apply to the rest). */
  readonly defaults: Readonly<RecipeOptions>;
}

const GAUSSIAN: RecipeCapabilities = {
  kl: true,
  elbo: true,
  conv: false,
  labels: false,
  codebook: false,
  prior: 'gaussian',
};
const PLAIN: RecipeCapabilities = {
  kl: false,
  elbo: false,
  conv: false,
  labels: false,
  codebook: false,
  prior: 'none',
};
const DENSE: readonly RecipeOptionName[] = ['preset', 'latentDim', 'hidden', 'activation'];
const COMMON: readonly RecipeOptionName[] = ['noise', 'seed'];
/** Options of the plain autoencoders only. */
const PLAIN_ONLY: readonly RecipeOptionName[] = ['reduction'];

/** Every recipe by name. */
export const RECIPES: Readonly<Record<RecipeName, Recipe>> = {
  ae: {
    name: 'ae',
    title: 'Autoencoder',
    description: 'dense autoencoder, under- or overcomplete through the code size',
    family: Autoencoder.family,
    capabilities: PLAIN,
    options: [...DENSE, ...PLAIN_ONLY, ...COMMON],
    defaults: { latentDim: 32, hidden: [512] },
  },
  dae: {
    name: 'dae',
    title: 'Denoising autoencoder',
    description: 'denoising autoencoder: encodes a corrupted copy, reconstructs the clean one',
    family: Autoencoder.family,
    capabilities: PLAIN,
    options: [...DENSE, ...PLAIN_ONLY, ...COMMON],
    defaults: { latentDim: 32, hidden: [512], noise: { kind: 'gaussian', amount: 0.3 } },
  },
  'sparse-ae': {
    name: 'sparse-ae',
    title: 'Sparse autoencoder',
    description: 'autoencoder with an L1 penalty on the code',
    family: Autoencoder.family,
    capabilities: PLAIN,
    options: [...DENSE, 'sparsityWeight', ...PLAIN_ONLY, ...COMMON],
    defaults: { latentDim: 32, hidden: [512], sparsityWeight: 0.01 },
  },
  'conv-ae': {
    name: 'conv-ae',
    title: 'Convolutional autoencoder',
    description: 'convolutional autoencoder from a preset network',
    family: Autoencoder.family,
    capabilities: { ...PLAIN, conv: true },
    options: ['preset', ...PLAIN_ONLY, ...COMMON],
    defaults: { preset: 'keras-conv-ae' },
  },
  vae: {
    name: 'vae',
    title: 'VAE',
    description: 'variational autoencoder (dense, or a conv VAE preset)',
    family: VAE.family,
    capabilities: GAUSSIAN,
    options: [...DENSE, 'beta', ...COMMON],
    defaults: { latentDim: 16, hidden: [512], beta: 1 },
  },
  'beta-vae': {
    name: 'beta-vae',
    title: 'β-VAE (β = 4)',
    description: 'VAE with a heavier KL term, for disentangled codes',
    family: VAE.family,
    capabilities: GAUSSIAN,
    options: [...DENSE, 'beta', ...COMMON],
    defaults: { latentDim: 16, hidden: [512], beta: 4 },
  },
  cvae: {
    name: 'cvae',
    title: 'Conditional VAE',
    description: 'conditional VAE: encoder and decoder see the class label; sample a chosen class',
    family: ConditionalVAE.family,
    capabilities: { ...GAUSSIAN, labels: true },
    options: [...DENSE, 'beta', ...COMMON],
    defaults: { latentDim: 16, hidden: [512], beta: 1 },
  },
  'vq-vae': {
    name: 'vq-vae',
    title: 'VQ-VAE',
    description:
      'VQ-VAE: a conv encoder, a codebook of code vectors (EMA updates, dead-code restarts), a conv decoder',
    family: VQVAE.family,
    capabilities: { ...PLAIN, conv: true, codebook: true, prior: 'fitted' },
    options: [
      'preset',
      'numCodes',
      'codeDim',
      'ema',
      'deadCodeThreshold',
      'init',
      'architecture',
      'hidden',
      ...COMMON,
    ],
    defaults: { numCodes: 64, codeDim: 16, ema: true, deadCodeThreshold: 1 },
  },
};

/** True when `value` names a recipe. */
export function isRecipeName(value: unknown): value is RecipeName {
  return (RECIPE_NAMES as readonly unknown[]).includes(value);
}

/** The recipe called `name`; a `MODEL_BAD_CONFIG` error naming the recipes otherwise. */
export function recipe(name: string): Recipe {
  if (!isRecipeName(name)) {
    throw new ModelError(
      'MODEL_BAD_CONFIG',
      `unknown model recipe ${JSON.stringify(name)}; use one of ${RECIPE_NAMES.join(', ')}.`,
    );
  }
  return RECIPES[name];
}

/**
 * The options a recipe builds with: its defaults, overridden by the given options it reads.
 * With a preset, the preset's code size replaces the default `latentDim`.
 */
export function recipeOptions(name: RecipeName, given: RecipeOptions = {}): RecipeOptions {
  const r = RECIPES[name];
  const out: Record<string, unknown> = { ...r.defaults };
  for (const key of r.options) {
    if (given[key] !== undefined) out[key] = given[key];
  }
  if (given.preset !== undefined && given.latentDim === undefined) delete out.latentDim;
  return out as RecipeOptions;
}

/** The given options a recipe does not read (so a caller can refuse them). */
export function unusedOptions(name: RecipeName, given: RecipeOptions): RecipeOptionName[] {
  const reads = new Set<string>(RECIPES[name].options);
  return (Object.keys(given) as RecipeOptionName[]).filter(
    (k) => given[k] !== undefined && !reads.has(k),
  );
}
