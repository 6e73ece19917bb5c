/**
 * Checks of `ae train` flags that depend on each other or on the data, made before the
 * backend starts or a model is built. Each failure is a {@link CliError} naming the flag.
 */
import type { Dataset } from '@ae/datasets';
import { CliError } from '../cli-error.js';
import type { ModelFlags, ModelName } from '../models/build-model.js';
import type { KlScheduleSpec } from '../schedule-spec.js';

/** Values of `ae train --binarize`. */
export const TRAIN_BINARIZE_MODES = ['none', 'dynamic'] as const;

/**
 * A value of `ae train --binarize`: `'none'` trains on the grey values as they are,
 * `'dynamic'` draws every pixel as Bernoulli(p = its grey value) each time an example
 * is used.
 */
export type TrainBinarizeMode = (typeof TRAIN_BINARIZE_MODES)[number];

/** Families whose loss has a KL term that `--kl-schedule` can weigh. */
const KL_MODELS: ReadonlySet<ModelName> = new Set(['vae', 'beta-vae', 'cvae']);

/** Families whose networks are convolutional, so `--activation` has nothing to shape. */
const CONV_MODELS: ReadonlySet<ModelName> = new Set(['conv-ae', 'vq-vae']);

/** The flags {@link checkModelFlags} looks at. */
export type CheckedFlags = Pick<ModelFlags, 'model' | 'preset' | 'activation'> & {
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
  if (o.klSchedule && o.klSchedule.kind !== 'constant' && !KL_MODELS.has(o.model)) {
    throw new CliError(
      'CLI_BAD_OPTION',
      `--kl-schedule: a '${o.model}' model has no KL term; use it with vae, beta-vae or cvae.`,
    );
  }
  if (o.activation === undefined) return;
  if (o.preset !== undefined) {
    throw new CliError(
      'CLI_BAD_OPTION',
      `--activation ${o.activation}: --preset ${o.preset} fixes the layers and their activations; drop one of the two flags.`,
    );
  }
  if (CONV_MODELS.has(o.model)) {
    throw new CliError(
      'CLI_BAD_OPTION',
      `--activation ${o.activation}: a '${o.model}' model has convolutional networks with their own activations; --activation sets the dense hidden layers of ae, dae, sparse-ae, vae, beta-vae and cvae. Drop it.`,
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
