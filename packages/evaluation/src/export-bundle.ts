/**
 * Building an export bundle (see `export-json.ts` for the format): the `export.json` of a
 * trained model and the bytes of its example images, for a folder written to disk or for a
 * model handed over in memory. Browser-safe: nothing here touches files.
 */
import {
  type AutoencoderModel,
  canFitPrior,
  canSample,
  hasCodebook,
  isConditional,
  shapeSize,
} from '@ae/core';
import { batches, type Dataset, exampleSize } from '@ae/datasets';
import { anomalyStats } from './anomaly-stats.js';
import { codeUsage } from './code-usage.js';
import { badOption, numberOption } from './evaluation-batches.js';
import { EXPORT_FORMAT_VERSION, type ExportJson } from './export-json.js';
import { reconstructionErrors } from './reconstruction-errors.js';

/** Name of the example images' file in a bundle, as `export.json` records it. */
export const EXAMPLES_FILE = 'examples.bin';

/** Options of {@link buildExportBundle}. */
export interface ExportBundleOptions {
  /** Held-out data: every example is scored, for `export.json`'s `anomaly` quantiles. */
  validation: Dataset;
  /**
   * The images the bundle ships (and whose codes `codebook.usage` counts), of the model's
   * shape. Default: all of `validation`.
   */
  examples?: Dataset;
  /** Training data, to fit a prior on with `fitPrior`. */
  train?: Dataset;
  /**
   * True: a model that fits its prior after training (`canFitPrior` of @ae/core) and cannot
   * sample yet gets its prior fitted on `train` first, so that the bundle can sample; the
   * result's `fittedPrior` says it happened (save the model again to keep it). Default false.
   */
  fitPrior?: boolean;
  /** The model as it was asked for, e.g. `'beta-vae'`. Default: the model's family. */
  modelName?: string;
  /** Names of the classes, indexed by label. Default: those of `validation`, else of `train`. */
  classNames?: readonly string[];
  /** Examples per batch when scoring and counting; a positive integer. Default 256. */
  batchSize?: number;
  /** Time recorded as `createdAt`. Default: now. */
  createdAt?: Date;
  /** Called before each stage with a short description, for progress lines. */
  onStage?: (what: string) => void;
}

/** What {@link buildExportBundle} returns. */
export interface ExportBundle {
  /** The contents of `export.json` (write it with `exportJsonText`). */
  json: ExportJson;
  /** The example images as bytes, row-major `[count, h, w, c]`: the contents of `examples.bin`. */
  examples: Uint8Array;
  /** True when a prior was fitted here (the model changed: save it again to keep the prior). */
  fittedPrior: boolean;
}

/** Pixel values in [0, 1] as bytes: round(x · 255), clamped to 0 … 255. */
export function toBytes(x: Float32Array): Uint8Array {
  const out = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    out[i] = Math.round(Math.min(1, Math.max(0, x[i] as number)) * 255);
  }
  return out;
}

/** Throws unless `model` takes images `[h, w, c]` and `examples` are images of that shape. */
function checkImages(where: string, model: AutoencoderModel, examples: Dataset): void {
  const shape = model.inputShape;
  if (shape?.length !== 3) {
    badOption(
      where,
      `an export bundle holds images, but the model takes examples of shape [${shape?.join(', ')}]; export models of images [height, width, channels].`,
    );
  }
  if (exampleSize(examples) !== shapeSize(shape)) {
    badOption(
      where,
      `options.examples holds images of ${examples.shape.join('×')}, but the model takes ${shape.join('×')}; pick the examples from the model's data.`,
    );
  }
}

/**
 * Builds the export bundle of `model`: scores every example of `validation` by its squared
 * reconstruction error and summarizes the scores (quantiles, mean, std), stores the example
 * images as bytes with their labels, counts the codes of those images for a model with a
 * codebook (`hasCodebook` of @ae/core), and records whether the model can sample. With
 * `fitPrior`, fits a prior first where the model needs one (see
 * {@link ExportBundleOptions.fitPrior}). Nothing is left allocated.
 *
 * @throws EvaluationError `EVAL_BAD_OPTION` for a model of non-image data, examples of
 *   another shape, `fitPrior` without `train`, or a bad option; `EVAL_EMPTY_DATASET` for
 *   empty validation data.
 *
 * @example
 * const { json, examples } = await buildExportBundle(vae, { validation: test, modelName: 'vae' });
 * // json.anomaly.quantiles.p99: the error above which 1 % of held-out images fall
 */
export async function buildExportBundle(
  model: AutoencoderModel,
  options: ExportBundleOptions,
): Promise<ExportBundle> {
  const where = 'buildExportBundle';
  const { validation, train } = options;
  const examples = options.examples ?? validation;
  const batchSize = numberOption(where, 'batchSize', options.batchSize, 'positive-integer', 256);
  const stage = options.onStage ?? (() => {});
  checkImages(where, model, examples);
  let fittedPrior = false;
  if (options.fitPrior === true && canFitPrior(model) && !canSample(model)) {
    if (train === undefined) {
      badOption(where, 'fitPrior needs options.train, the data to fit the prior on.');
    }
    stage(`fitting the prior on ${train.count} training examples`);
    await model.fitPrior(batches(train, { batchSize, shuffle: false }));
    fittedPrior = true;
  }
  stage(`scoring ${validation.count} validation examples`);
  const anomaly = anomalyStats(await reconstructionErrors(model, validation, { batchSize }));
  const names = options.classNames ?? validation.classNames ?? train?.classNames;
  const json: ExportJson = {
    format: 'ae-export',
    formatVersion: EXPORT_FORMAT_VERSION,
    family: model.family,
    model: options.modelName ?? model.family,
    latentDim: model.latentDim,
    inputShape: [...model.inputShape] as [number, number, number],
    numClasses: isConditional(model) ? (model.numClasses as number) : 0,
    ...(names ? { classNames: [...names] } : {}),
    hasPrior: canSample(model),
    examples: {
      file: EXAMPLES_FILE,
      count: examples.count,
      labels: examples.labels ? Array.from(examples.labels) : [],
    },
    anomaly,
    createdAt: (options.createdAt ?? new Date()).toISOString(),
  };
  if (hasCodebook(model) && examples.count > 0) {
    stage(`counting the codes of ${examples.count} examples`);
    const usage = await codeUsage(model, examples, { batchSize });
    json.codebook = { numCodes: usage.numCodes, usage: Array.from(usage.counts) };
  }
  return { json, examples: toBytes(examples.x), fittedPrior };
}
