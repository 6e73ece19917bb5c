/**
 * `ae train --preset <name> --tutorial`: train a preset as the tutorial it copies does
 * (its model recipe, batch size, epochs, optimizer, learning rate and loss reduction). The
 * recipe only fills in what the command line and the config file leave out.
 */
import { PRESETS, type TutorialRecipe, tutorialText } from '@ae/vae';
import { CliError } from '../cli-error.js';
import type { TrainCommandOptions } from './train.js';

/** The presets that have a tutorial recipe, for messages. */
const withTutorial = () =>
  PRESETS.filter((p) => p.tutorial !== undefined)
    .map((p) => p.name)
    .join(', ');

/**
 * Fills `options` from the tutorial recipe of `options.preset` where `given(key)` is false,
 * and returns the recipe.
 *
 * @throws CliError `CLI_BAD_OPTION` without `--preset`, for a preset without a tutorial, or
 *   when `--model` names another model than the tutorial trains.
 */
export function applyTutorial(
  options: TrainCommandOptions,
  given: (key: string) => boolean,
): TutorialRecipe {
  const { preset } = options;
  if (preset === undefined) {
    throw new CliError(
      'CLI_BAD_OPTION',
      `--tutorial trains a preset as its tutorial does: add --preset with one of ${withTutorial()}.`,
    );
  }
  const t = PRESETS.find((p) => p.name === preset)?.tutorial;
  if (t === undefined) {
    throw new CliError(
      'CLI_BAD_OPTION',
      `--tutorial: preset ${preset} copies no tutorial, so there is no recipe to follow; drop --tutorial (and set --epochs, --batch-size … yourself) or use one of ${withTutorial()}.`,
    );
  }
  if (given('model') && options.model !== t.model) {
    throw new CliError(
      'CLI_BAD_OPTION',
      `--tutorial: the ${t.source} trains ${preset} as --model ${t.model}, not --model ${options.model}; drop --model or --tutorial.`,
    );
  }
  const fill: Partial<TrainCommandOptions> = {
    model: t.model,
    batchSize: t.batchSize,
    epochs: t.epochs,
    optimizer: t.optimizer,
    learningRate: t.learningRate,
    // A VAE's reconstruction term is summed: that is its only reduction.
    ...(t.model === 'vae' ? {} : { reduction: t.reduction }),
  };
  const target = options as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(fill)) {
    if (!given(key)) target[key] = value;
  }
  return t;
}

/** The line `ae train --tutorial` prints on stderr. */
export function tutorialLine(preset: string, t: TutorialRecipe): string {
  return `tutorial recipe of ${preset}: ${tutorialText(t)}; flags given win`;
}
