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

/** The model flags of `ae train`; the recipe's defaults fill in everything else. */
function modelFlags(o: AnomalyTrainOptions): ModelFlags {
  return {
    model: o.model,
    ...(o.preset ? { preset: o.preset } : { latentDim: o.latentDim }),
    seed: o.seed,
  };
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
