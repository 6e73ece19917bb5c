/** Training the one-class model of `ae anomaly` through `ae train`'s own code. */
import type { BackendName } from '@ae/backend';
import { type DataSource, type Dataset, DatasetError } from '@ae/datasets';
import type { PresetName } from '@ae/decoders';
import { CliError } from '../cli-error.js';
import { trainCommand } from '../commands/train.js';
import { buildModel, type ModelFlags, type ModelName } from '../models/build-model.js';
import { hasElbo } from './eval-metrics.js';

/** What `ae anomaly` passes on to training. */
export interface AnomalyTrainOptions {
  /** `--normal-class` as given: the only class trained on. */
  normalClass: string;
  /** `--model`. */
  model: ModelName;
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
  /** `--backend`. */
  backend?: BackendName;
}

/** The model flags of `ae train`, its defaults for everything `ae anomaly` does not ask. */
function modelFlags(o: AnomalyTrainOptions): ModelFlags {
  return {
    model: o.model,
    ...(o.preset ? { preset: o.preset } : { latentDim: o.latentDim }),
    hidden: [512],
    seed: o.seed,
    sparsityWeight: 0.01,
    codes: 64,
    codeDim: 16,
    ema: true,
    deadCodeThreshold: 1,
  };
}

/**
 * Whether the model `--model` builds has an ELBO: builds one for 28×28 images and frees
 * it, so `--score elbo` fails before training rather than after. Needs a started backend.
 */
export function modelHasElbo(o: AnomalyTrainOptions): boolean {
  const probe: Dataset = {
    name: 'probe',
    x: new Float32Array(0),
    shape: [28, 28, 1],
    count: 0,
    labels: new Int32Array(0),
    classNames: ['0', '1'],
  };
  const model = buildModel(modelFlags(o), probe);
  try {
    return hasElbo(model);
  } finally {
    model.dispose();
  }
}

/**
 * Trains the model on the normal class only into `out` (as `ae train --class <normal>`
 * would: `ae.json`, `run.json`, metrics and pictures). A class the data lacks is reported
 * as a bad `--normal-class`.
 */
export async function trainNormalClass(o: AnomalyTrainOptions, out: string): Promise<void> {
  try {
    await trainCommand({
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
    });
  } catch (error) {
    if (error instanceof DatasetError && error.code === 'CLASS_NOT_FOUND') {
      throw new CliError('CLI_BAD_OPTION', `--normal-class ${o.normalClass}: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}
