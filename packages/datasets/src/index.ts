/**
 * `@ae/datasets`: datasets as typed arrays, tensors only at the edge.
 *
 * This entry is browser-safe (no Node imports). File loaders for Node live in
 * `@ae/datasets/node`.
 */

/** Seeded generator for `batches({ rng })`; re-exported from `@ae/backend`. */
export { createRng, type Rng } from '@ae/backend';
export { type Batch, type BatchOptions, batchCount, batches, toTensor } from './batches.js';
export {
  type Dataset,
  exampleSize,
  limit,
  subset,
  type ValidateOptions,
  validateDataset,
} from './dataset.js';
export { DatasetError, type DatasetErrorCode } from './dataset-error.js';
export { gunzip } from './gunzip.js';
export { type IdxArray, type IdxData, type IdxType, isGzip, readIdx } from './idx.js';
export { datasetFromIdx, type IdxDatasetOptions } from './idx-dataset.js';
