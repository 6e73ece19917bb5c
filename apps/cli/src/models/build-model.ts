/**
 * `--model` and its flags → a model from `@ae/vae`'s recipe table. The CLI names, describes
 * and defaults nothing itself: flag names map onto recipe options, and everything else
 * (which options a model reads, their defaults, what it can do) comes from `RECIPES`.
 */
import type { Dataset, CorruptionSpec as NoiseSpec } from '@ae/datasets';
import type { Activation } from '@ae/layers';
import {
  type AutoencoderModel,
  buildRecipe,
  ModelError,
  type PresetName,
  RECIPES,
  type RecipeName,
  type RecipeOptionName,
  type RecipeOptions,
  type ReconstructionReduction,
  recipeOptions,
} from '@ae/vae';

/** The flags that shape a model; absent ones take the recipe's default. */
export interface ModelFlags {
  /** `--model`: a recipe name. */
  model: RecipeName;
  preset?: PresetName;
  latentDim?: number;
  hidden?: number[];
  /** Activation of the dense hidden layers (`--activation`). */
  activation?: Activation;
  beta?: number;
  seed: number;
  noise?: NoiseSpec;
  sparsityWeight?: number;
  /** `--codes`: codebook size. */
  codes?: number;
  codeDim?: number;
  /** vq-vae: EMA codebook updates (`--no-ema` turns them off). */
  ema?: boolean;
  /** vq-vae: restart codes whose moving usage count falls below this. */
  deadCodeThreshold?: number;
  /** `--reduction`: autoencoders' reconstruction term summed or averaged over pixels. */
  reduction?: ReconstructionReduction;
}

/** The `ae train` flag of each recipe option (options without a flag are left out). */
export const OPTION_FLAGS: Partial<Record<RecipeOptionName, string>> = {
  preset: '--preset',
  latentDim: '--latent-dim',
  hidden: '--hidden',
  activation: '--activation',
  beta: '--beta',
  noise: '--noise',
  sparsityWeight: '--sparsity-weight',
  numCodes: '--codes',
  codeDim: '--code-dim',
  ema: '--no-ema',
  deadCodeThreshold: '--dead-code-threshold',
  reduction: '--reduction',
  seed: '--seed',
};

/** The recipe options the flags give (absent flags stay absent). */
export function recipeOptionsOf(flags: Omit<ModelFlags, 'model'>): RecipeOptions {
  const o: RecipeOptions = {
    preset: flags.preset,
    latentDim: flags.latentDim,
    hidden: flags.hidden,
    activation: flags.activation,
    beta: flags.beta,
    noise: flags.noise,
    sparsityWeight: flags.sparsityWeight,
    numCodes: flags.codes,
    codeDim: flags.codeDim,
    // `--no-ema` is the only way to give it: commander sets true when the flag is absent.
    ema: flags.ema === false ? false : undefined,
    deadCodeThreshold: flags.deadCodeThreshold,
    reduction: flags.reduction,
    seed: flags.seed,
  };
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as RecipeOptions;
}

/** A default as `ae train --help` shows it, e.g. `gaussian:0.3` or `512`. */
export function formatDefault(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'object' && value !== null && 'kind' in value && 'amount' in value) {
    return `${(value as NoiseSpec).kind}:${(value as NoiseSpec).amount}`;
  }
  return String(value);
}

/** The defaults of a recipe as flags, e.g. `--latent-dim 16, --beta 4`. */
export function recipeDefaultsText(name: RecipeName): string {
  return Object.entries(RECIPES[name].defaults)
    .map(([k, v]) => {
      const flag = OPTION_FLAGS[k as RecipeOptionName];
      if (flag === undefined) return undefined;
      if (k === 'ema') return v === true ? 'EMA on (--no-ema)' : undefined;
      return `${flag} ${formatDefault(v)}`;
    })
    .filter((s) => s !== undefined)
    .join(', ');
}

/** Builds the model `flags` ask for, for examples like those of `train`. */
export function buildModel(flags: ModelFlags, train: Dataset): AutoencoderModel {
  const r = RECIPES[flags.model];
  return buildRecipe(flags.model, recipeOptionsOf(flags), {
    inputShape: train.shape,
    ...(train.domain ? { domain: train.domain } : {}),
    ...(r.capabilities.labels ? { numClasses: classCount(flags.model, train) } : {}),
  });
}

/** Classes of a labelled dataset, for conditional models. */
function classCount(model: RecipeName, ds: Dataset): number {
  if (ds.labels === undefined) {
    throw new ModelError(
      'MODEL_BAD_CONFIG',
      `--model ${model} needs labelled data, but ${ds.name} has no labels (for CSV pass --label-column; for images use one subfolder per class).`,
    );
  }
  let max = -1;
  for (const l of ds.labels) max = Math.max(max, l);
  return Math.max(ds.classNames?.length ?? 0, max + 1);
}

/** The noise a run trains with: `--noise`, else the recipe's default (`dae`'s). */
export function trainingNoise(flags: Pick<ModelFlags, 'model' | 'noise'>): NoiseSpec | undefined {
  return recipeOptions(flags.model, flags.noise ? { noise: flags.noise } : {}).noise;
}
