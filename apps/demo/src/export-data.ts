/**
 * Turns a model trained in the page into {@link ExportData}: the export bundle `ae export`
 * writes (built by `@ae/evaluation`), with the networks held in memory instead of files.
 */
import type { Dataset } from '@ae/datasets';
import { buildExportBundle } from '@ae/evaluation';
import { type AutoencoderModel, memoryStore } from '@ae/vae';
import type { ExportData } from './train-protocol.js';

/**
 * Everything the Explore tab needs about `model`, trained on `train` and validated on
 * `validation` (which become the explored examples). A model that fits its prior after
 * training (a VQ-VAE) gets it fitted on `train` first, so it can sample.
 */
export async function exportData(
  model: AutoencoderModel,
  modelName: string,
  train: Dataset,
  validation: Dataset,
): Promise<ExportData> {
  const bundle = await buildExportBundle(model, {
    validation,
    train,
    fitPrior: true,
    modelName,
    ...(train.classNames ? { classNames: train.classNames } : {}),
  });
  const store = memoryStore();
  await model.save(store, {
    dataset: {
      name: train.name,
      shape: train.shape,
      ...(train.classNames ? { classNames: train.classNames } : {}),
    },
  });
  return {
    meta: bundle.json,
    examples: bundle.examples,
    aeJson: await store.readConfig(),
    networks: [...store.artifacts.entries()],
  };
}
