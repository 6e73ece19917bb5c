/**
 * Builds the model of a recipe (see `recipes.ts`): defaults filled in, the options the
 * recipe reads passed to its class, the likelihood chosen from the data.
 */
import type { AutoencoderModel } from '@ae/core';
import { Autoencoder } from './autoencoder.js';
import type { AutoencoderOptions } from './autoencoder-config.js';
import { ConditionalVAE } from './conditional-vae.js';
import { ModelError } from './model-error.js';
import {
  type RecipeData,
  type RecipeName,
  type RecipeOptions,
  recipe,
  recipeOptions,
} from './recipes.js';
import { VAE } from './vae.js';
import type { VAEOptions } from './vae-config.js';
import { VQVAE } from './vqvae.js';
import type { VQVAEOptions } from './vqvae-config.js';

/** Drops the entries whose value is undefined (the classes' own defaults then apply). */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The options every dense-network family shares. */
function denseOptions(o: RecipeOptions, data: RecipeData) {
  return defined({
    inputShape: [...data.inputShape],
    likelihood: data.domain === 'real' ? ('gaussian' as const) : ('bernoulli' as const),
    seed: o.seed,
    preset: o.preset,
    latentDim: o.latentDim,
    hidden: o.hidden ? [...o.hidden] : undefined,
    activation: o.activation,
  });
}

/** `numClasses` of labelled data, or a `MODEL_BAD_CONFIG` error naming what to do. */
function classes(name: RecipeName, data: RecipeData): number {
  const n = data.numClasses;
  if (n === undefined || !Number.isInteger(n) || n < 1) {
    throw new ModelError(
      'MODEL_BAD_CONFIG',
      `model '${name}' needs labelled data (numClasses ≥ 1), got numClasses ${String(n)}: give data with class labels.`,
    );
  }
  return n;
}

/**
 * Builds the model recipe `name` describes for `data`: the recipe's defaults, overridden by
 * the given `options` the recipe reads (others are ignored here; use `unusedOptions` to
 * refuse them). Throws the class's `MODEL_BAD_CONFIG` errors for bad values.
 *
 * @example
 * const vae = buildRecipe('beta-vae', { latentDim: 10 }, { inputShape: [28, 28, 1] }); // β = 4
 */
export function buildRecipe(
  name: RecipeName | string,
  options: RecipeOptions,
  data: RecipeData,
): AutoencoderModel {
  const r = recipe(name);
  const o = recipeOptions(r.name, options);
  const dense = denseOptions(o, data);
  switch (r.name) {
    case 'ae':
    case 'dae':
    case 'sparse-ae':
    case 'conv-ae': {
      const ae: AutoencoderOptions = {
        ...(dense as Omit<AutoencoderOptions, 'inputShape'>),
        inputShape: data.inputShape,
        ...(r.name === 'sparse-ae'
          ? { sparsity: { kind: 'l1' as const, weight: o.sparsityWeight ?? 0 } }
          : {}),
        ...(o.noise ? { denoising: { corruption: o.noise.kind, amount: o.noise.amount } } : {}),
        ...(o.reduction ? { reduction: o.reduction } : {}),
      };
      return new Autoencoder(ae);
    }
    case 'vae':
    case 'beta-vae':
      return new VAE({
        ...(dense as Omit<VAEOptions, 'inputShape'>),
        inputShape: [...data.inputShape],
        ...defined({ beta: o.beta }),
      });
    case 'cvae': {
      const cvae: VAEOptions = {
        ...(dense as Omit<VAEOptions, 'inputShape'>),
        inputShape: [...data.inputShape],
        ...defined({ beta: o.beta }),
      };
      return new ConditionalVAE({ ...cvae, numClasses: classes(r.name, data) });
    }
    case 'vq-vae': {
      const vq: VQVAEOptions = {
        inputShape: [...data.inputShape],
        ...defined({
          likelihood: dense.likelihood,
          seed: o.seed,
          preset: o.preset as VQVAEOptions['preset'],
          numCodes: o.numCodes,
          codeDim: o.codeDim,
          ema: o.ema,
          deadCodeThreshold: o.deadCodeThreshold,
          init: o.init,
          architecture: o.architecture,
          hidden: o.hidden ? [...o.hidden] : undefined,
        }),
      };
      return new VQVAE(vq);
    }
  }
}
