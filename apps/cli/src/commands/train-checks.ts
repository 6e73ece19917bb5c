/**
 * Checks of `ae train` flags that depend on each other or on the data, made before the
 * backend starts or a model is built. Each failure is a {@link CliError} naming the flag.
 */
import type { Dataset } from '@ae/datasets';
import {
  RECIPE_NAMES,
  RECIPES,
  type RecipeName,
  type RecipeOptionName,
  recipeOptions,
  unusedOptions,
} from '@ae/vae';
import { CliError } from '../cli-error.js';
import { type ModelFlags, OPTION_FLAGS, recipeOptionsOf } from '../models/build-model.js';
import type { KlScheduleSpec } from '../schedule-spec.js';

/** Values of `ae train --binarize`. */
export const TRAIN_BINARIZE_MODES = ['none', 'dynamic'] as const;

/**
 * A value of `ae train --binarize`: `'none'` trains on the grey values as they are,
 * `'dynamic'` draws every pixel as Bernoulli(p = its grey value) each time an example
 * is used.
 */
export type TrainBinarizeMode = (typeof TRAIN_BINARIZE_MODES)[number];

/** The recipes for which `has` holds, as a list for messages: `vae, beta-vae or cvae`. */
function recipesWhere(has: (name: RecipeName) => boolean, last: 'or' | 'and' = 'or'): string {
  const names = RECIPE_NAMES.filter(has);
  return names.length < 2
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} ${last} ${names[names.length - 1]}`;
}

const hasKl = (name: RecipeName) => RECIPES[name].capabilities.kl;
const readsActivation = (name: RecipeName) => RECIPES[name].options.includes('activation');

/** The flags {@link checkModelFlags} looks at. */
export type CheckedFlags = Pick<ModelFlags, 'model' | 'preset' | 'activation' | 'reduction'> & {
  /** `--kl-schedule`. */
  klSchedule?: KlScheduleSpec;
};

/**
 * Refuses flag combinations that cannot apply: a KL schedule for a model without a KL
 * term, `--activation` with a preset or with a convolutional family. These are usage
 * errors (exit code 2).
 *
 * @throws CliError `CLI_UNUSED_OPTION`.
 */
export function checkModelFlags(o: CheckedFlags): void {
  if (o.klSchedule && o.klSchedule.kind !== 'constant' && !hasKl(o.model)) {
    throw new CliError(
      'CLI_UNUSED_OPTION',
      `--kl-schedule: a '${o.model}' model has no KL term; use it with ${recipesWhere(hasKl)}.`,
    );
  }
  if (o.reduction !== undefined && !RECIPES[o.model].options.includes('reduction')) {
    const readers = recipesWhere((name) => RECIPES[name].options.includes('reduction'), 'and');
    throw new CliError(
      'CLI_BAD_OPTION',
      `--reduction ${o.reduction}: a '${o.model}' model sums its reconstruction term over pixels (its KL or codebook terms are per example); --reduction applies to ${readers}. Drop it.`,
    );
  }
  if (o.activation === undefined) return;
  if (o.preset !== undefined) {
    throw new CliError(
      'CLI_UNUSED_OPTION',
      `--activation ${o.activation}: --preset ${o.preset} fixes the layers and their activations; drop one of the two flags.`,
    );
  }
  if (!readsActivation(o.model)) {
    throw new CliError(
      'CLI_UNUSED_OPTION',
      `--activation ${o.activation}: a '${o.model}' model has convolutional networks with their own activations; --activation sets the dense hidden layers of ${recipesWhere(readsActivation, 'and')}. Drop it.`,
    );
  }
}

/** The keys of {@link ModelFlags} that are recipe options (the flags of `OPTION_FLAGS`). */
const MODEL_FLAG_KEYS = [
  'preset',
  'latentDim',
  'hidden',
  'activation',
  'beta',
  'noise',
  'sparsityWeight',
  'codes',
  'codeDim',
  'ema',
  'deadCodeThreshold',
  'reduction',
  'seed',
] as const satisfies readonly (keyof ModelFlags)[];

/** The options a preset fixes: the dense networks' and the code size. */
const PRESET_FIXES: readonly RecipeOptionName[] = ['latentDim', 'hidden', 'activation', 'codeDim'];

/** A flag with its value as given, e.g. `--latent-dim 8` or `--no-ema`. */
function flagText(o: ModelFlags, key: RecipeOptionName): string {
  const flag = OPTION_FLAGS[key] ?? key;
  const options = recipeOptionsOf(o) as Record<string, unknown>;
  const v = options[key];
  if (key === 'ema') return flag;
  if (Array.isArray(v)) return `${flag} ${v.join(',')}`;
  if (typeof v === 'object' && v !== null && 'kind' in v && 'amount' in v) {
    return `${flag} ${String(v.kind)}:${String(v.amount)}`;
  }
  return `${flag} ${String(v)}`;
}

/**
 * Refuses model options given explicitly (flags, or keys of a config file) that the chosen
 * model does not use, rather than dropping them: those the recipe does not read
 * (`unusedOptions` of `@ae/vae`, e.g. `--beta` for `ae`, `--codes` for `vae`), and the
 * options a given `--preset` fixes (`--latent-dim`, `--hidden`, `--code-dim`).
 *
 * @param given Whether option `key` of {@link ModelFlags} was given explicitly.
 * @throws CliError `CLI_UNUSED_OPTION` (a usage error, exit code 2) naming every such flag.
 */
export function checkUnusedOptions(o: ModelFlags, given: (key: string) => boolean): void {
  const explicit = Object.fromEntries(
    MODEL_FLAG_KEYS.filter((k) => given(k) && o[k] !== undefined).map((k) => [k, o[k]]),
  ) as Omit<ModelFlags, 'model'>;
  const chosen = recipeOptionsOf(explicit);
  const unused = unusedOptions(o.model, chosen);
  if (unused.length > 0) {
    const reads = RECIPES[o.model].options.flatMap((k) => OPTION_FLAGS[k] ?? []);
    const them = unused.length === 1 ? 'it' : 'them';
    throw new CliError(
      'CLI_UNUSED_OPTION',
      `${unused.map((k) => flagText(o, k)).join(', ')}: --model ${o.model} does not use ${them} (its options are ${reads.join(', ')}); drop ${them} or choose another --model.`,
    );
  }
  // Every `ae` data source has [h, w, c] examples, for which a vq-vae builds convolutional
  // networks (its dense architecture, the one `hidden` shapes, is for flat rows).
  if (o.model === 'vq-vae' && chosen.preset === undefined && chosen.hidden !== undefined) {
    throw new CliError(
      'CLI_UNUSED_OPTION',
      `${flagText(o, 'hidden')}: --model vq-vae builds convolutional networks here (ae train has no flag for its dense architecture), so it would not use it; drop it (--codes and --code-dim size the codebook).`,
    );
  }
  const preset = recipeOptions(o.model, chosen).preset;
  const fixed = PRESET_FIXES.filter((k) => chosen[k] !== undefined);
  if (preset !== undefined && chosen.preset !== undefined && fixed.length > 0) {
    const them = fixed.length === 1 ? 'it' : 'them';
    throw new CliError(
      'CLI_UNUSED_OPTION',
      `${fixed.map((k) => flagText(o, k)).join(', ')}: --preset ${preset} fixes the layers and the code size, so the model would not use ${them}; drop ${them} or the preset.`,
    );
  }
}

/**
 * Refuses `--binarize dynamic` for data that are not pixels in [0, 1] (standardized
 * tabular features), where a Bernoulli draw of each value means nothing.
 *
 * @throws CliError `CLI_BAD_OPTION`.
 */
export function checkBinarize(
  mode: TrainBinarizeMode | undefined,
  train: Dataset,
  /** The data's name for the message, e.g. `'csv:readings.csv'`; default `train.name`. */
  dataName: string = train.name,
): void {
  if (mode !== 'dynamic' || (train.domain ?? 'unit') === 'unit') return;
  throw new CliError(
    'CLI_BAD_OPTION',
    `--binarize dynamic: ${dataName} holds real-valued features (standardized tabular data), not pixels in [0, 1], so they cannot be drawn as Bernoulli(p = pixel). Drop --binarize or train on image data.`,
  );
}
