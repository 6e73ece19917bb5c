/**
 * `@ae/datasets`: datasets as typed arrays, tensors only at the edge.
 *
 * This entry is browser-safe (no Node imports). File loaders for Node live in
 * `@ae/datasets/node`.
 */

/** Seeded generator for `batches({ rng })`; re-exported from `@ae/backend`. */
export { createRng, type Rng } from '@ae/backend';
export { type Batch, type BatchOptions, batchCount, batches, toTensor } from './batches.js';
export { binarize } from './binarize.js';
export { type CorruptOptions, corrupt } from './corrupt.js';
export {
  CORRUPTION_SPEC_FORMS,
  type CorruptionSpec,
  corruptionFromSpec,
  parseCorruptionSpec,
} from './corruption-spec.js';
export {
  type Corruption,
  type GaussianNoiseOptions,
  gaussianNoise,
  type MaskingNoiseOptions,
  maskingNoise,
  type SaltAndPepperOptions,
  saltAndPepper,
} from './corruptions.js';
export { type CsvDataset, type CsvOptions, parseCsv } from './csv.js';
export {
  type CsvSource,
  DATA_SOURCE_FORMS,
  type DataSource,
  dataSourceName,
  type FashionMnistSource,
  formatDataSource,
  type IdxSource,
  type ImagesSource,
  type MnistSource,
  parseDataSource,
  type ShapesSource,
} from './data-source.js';
export {
  type Dataset,
  type DatasetFactors,
  exampleSize,
  limit,
  subset,
  type ValidateOptions,
  validateDataset,
} from './dataset.js';
export { DatasetError, type DatasetErrorCode } from './dataset-error.js';
export { filterClasses } from './filter-classes.js';
export { gunzip } from './gunzip.js';
export { type IdxArray, type IdxData, type IdxType, isGzip, readIdx } from './idx.js';
export { datasetFromIdx, type IdxDatasetOptions } from './idx-dataset.js';
export { classOfToken, keepClasses } from './keep-classes.js';
export { oneHot } from './one-hot.js';
export { axisWeights, resizeImage } from './resize.js';
export {
  DEFAULT_HOLD_OUT,
  type LoadedSource,
  prepareRunData,
  type RunData,
  type RunDataOptions,
  type SplitSource,
  type WholeSource,
} from './run-data.js';
export type { SeedOptions } from './seeded-rng.js';
export {
  drawShape,
  insideUnitShape,
  SHAPE_KINDS,
  type ShapeKind,
  type ShapePlacement,
} from './shape-geometry.js';
export {
  SHAPE_FACTOR_NAMES,
  SHAPES_MAX_BYTES,
  SHAPES_SMALL,
  type ShapesOptions,
  shapes,
} from './shapes.js';
export { shuffle } from './shuffle.js';
export { type SplitOptions, type SplitResult, split } from './split.js';
export { fitStandardizer, type Standardizer, standardize } from './standardize.js';
