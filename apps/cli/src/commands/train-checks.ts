/**
 * Checks of `ae train` flags that depend on each other or on the data, made before the
 * backend starts or a model is built. Each failure is a {@link CliError} naming the flag.
 */
import type { Dataset } from '@ae/datasets';
import { RECIPE_NAMES, RECIPES, type RecipeName } from '@ae/vae';
import { CliError } from '../cli-error.js';
import type { ModelFlags } from '../models/build-model.js';
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
 * term, `--activation` with a preset or with a convolutional family.
 *
 * @throws CliError `CLI_BAD_OPTION`.
 */
export function checkModelFlags(o: CheckedFlags): void {
  if (o.klSchedule && o.klSchedule.kind !== 'constant' && !hasKl(o.model)) {
    throw new CliError(
      'CLI_BAD_OPTION',
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
      'CLI_BAD_OPTION',
      `--activation ${o.activation}: --preset ${o.preset} fixes the layers and their activations; drop one of the two flags.`,
    );
  }
  if (!readsActivation(o.model)) {
    throw new CliError(
      'CLI_BAD_OPTION',
      `--activation ${o.activation}: a '${o.model}' model has convolutional networks with their own activations; --activation sets the dense hidden layers of ${recipesWhere(readsActivation, 'and')}. Drop it.`,
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
