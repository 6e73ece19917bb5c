/**
 * `@ae/quantizer`: vector quantization for VQ-VAEs on TensorFlow.js — nearest code,
 * straight-through gradient, codebook and commitment losses, EMA codebooks, dead-code
 * restarts, k-means initialization, perplexity and code usage.
 *
 * Functions run inside `tf.tidy`, never dispose their inputs, and return tensors the caller
 * owns. Importing the package registers `VectorQuantizerLayer` for tfjs-layers
 * deserialization.
 */
export { codeCounts, codeUsage, perplexity } from './code-statistics.js';
export {
  type ReplaceDeadCodesArgs,
  type ReplaceDeadCodesResult,
  replaceDeadCodes,
} from './dead-codes.js';
export { lookupCodes, nearestCodes, squaredDistances } from './distances.js';
export {
  countMovingAverage,
  type EmaState,
  type EmaUpdateResult,
  emaUpdate,
} from './ema-update.js';
export { type KMeansOptions, type KMeansResult, kmeans } from './kmeans.js';
export { QuantizerError, type QuantizerErrorCode } from './quantizer-error.js';
export {
  CODEBOOK_INITS,
  type CodebookInit,
  type EmaOptions,
  type ResolvedQuantizerOptions,
  resolveQuantizerOptions,
  type VectorQuantizerOptions,
} from './quantizer-options.js';
export type { QuantizerVariables } from './quantizer-variables.js';
export { stopGradient, straightThrough } from './stop-gradient.js';
export {
  type QuantizerLosses,
  type QuantizerResult,
  type VectorQuantizeOptions,
  vectorQuantize,
} from './vector-quantize.js';
export { type QuantizeOptions, type QuantizerStats, VectorQuantizer } from './vector-quantizer.js';
export {
  type LayerArgs,
  VectorQuantizerLayer,
  type VectorQuantizerLayerArgs,
} from './vector-quantizer-layer.js';
