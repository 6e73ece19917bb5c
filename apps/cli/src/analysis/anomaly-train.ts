/** Training the one-class model of `ae anomaly` through `ae train`'s own code. */
import type { BackendName } from '@ae/backend';
import { type DataSource, DatasetError } from '@ae/datasets';
import { type PresetName, RECIPES, type RecipeName } from '@ae/vae';
import { CliError } from '../cli-error.js';
import { trainCommand } from '../commands/train.js';
import type { ModelFlags } from '../models/build-model.js';

/** What `ae anomaly` passes on to training. */
export interface AnomalyTrainOptions {
  /** `--normal-class` as given: the only class trained on. */
  normalClass: string;
  /** `--model`. */
  model: RecipeName;
  /** `--preset`. */
  preset?: PresetName;
  /** `--latent-dim` (ignored with a preset, which sets it). */
  latentDim: number;
  /** `--epochs`. */
  epochs: number;
  /** `--dataset` (default mnist). */
  dataset?: DataSource;
  /** `--label-column` of csv data. */
  labelColumn?: string;
  /** `--limit`. */
  limit?: number;
  /** `--batch-size`. */
  batchSize: number;
  /** `--seed`. */
  seed: number;
  /** `--overwrite`: replace the run already in `--out`. */
  overwrite?: boolean;
  /** `--backend`. */
  backend?: BackendName;
}

/**
 * The network `ae anomaly --model conv-ae` trains when no `--preset` is given: the strided
 * one with a 1×1×64 code. The conv-ae recipe's own default (`keras-conv-ae`, a 7×7×16
 * code, as many numbers as a 28×28 image) learns to copy any image, anomalies included.
 */
export const ANOMALY_CONV_PRESET: PresetName = 'bottleneck-conv-ae';

/** The preset `ae anomaly` trains with: `--preset`, or the bottlenecked one for conv-ae. */
export function anomalyPreset(o: Pick<AnomalyTrainOptions, 'model' | 'preset'>) {
  return o.preset ?? (o.model === 'conv-ae' ? ANOMALY_CONV_PRESET : undefined);
}

/** The model flags of `ae train`; the recipe's defaults fill in everything else. */
function modelFlags(o: AnomalyTrainOptions): ModelFlags {
  const preset = anomalyPreset(o);
  return {
    model: o.model,
    ...(preset ? { preset } : { latentDim: o.latentDim }),
    seed: o.seed,
  };
}

/**
 * A one-line warning when a model's code holds at least as many numbers as an example
 * (it can learn to copy anomalies as well as normal examples), else undefined.
 */
export function copyWarning(model: {
  latentDim: number;
  inputShape: readonly number[];
}): string | undefined {
  const size = model.inputShape.reduce((a, b) => a * b, 1);
  if (model.latentDim < size) return undefined;
  return `warning: the model's code holds ${model.latentDim} numbers for ${size}-number examples, so it can copy anomalies too and their scores stay low; use a smaller --latent-dim, --model ae (the default) or --model conv-ae without --preset (${ANOMALY_CONV_PRESET}).`;
}

/** Whether the model `--model` builds has an ELBO, known from its recipe before training. */
export function modelHasElbo(o: Pick<AnomalyTrainOptions, 'model'>): boolean {
  return RECIPES[o.model].capabilities.elbo;
}

/**
 * Trains the model on the normal class only into `out` (as `ae train --class <normal>`
 * would: `ae.json`, `run.json`, metrics and pictures). A class the data lacks is reported
 * as a bad `--normal-class`.
 */
export async function trainNormalClass(o: AnomalyTrainOptions, out: string): Promise<void> {
  try {
    await trainCommand(
      {
        ...modelFlags(o),
        dataset: o.dataset ?? { kind: 'mnist' },
        class: [o.normalClass],
        ...(o.labelColumn ? { labelColumn: o.labelColumn } : {}),
        epochs: o.epochs,
        batchSize: o.batchSize,
        learningRate: 1e-3,
        optimizer: 'adam',
        ...(o.limit !== undefined ? { limit: o.limit } : {}),
        seed: o.seed,
        ...(o.backend ? { backend: o.backend } : {}),
        out,
        ...(o.overwrite ? { overwrite: true } : {}),
      },
      undefined,
      { command: 'anomaly' },
    );
  } catch (error) {
    if (error instanceof DatasetError && error.code === 'CLASS_NOT_FOUND') {
      throw new CliError('CLI_BAD_OPTION', `--normal-class ${o.normalClass}: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}
