/**
 * `@ae/core`: the contracts every `@ae` package agrees on. Types, capability guards and
 * argument rules only: no tensors are made here and nothing depends on a backend.
 */
export {
  type CodebookModel,
  canFitPrior,
  canSample,
  type ElboModel,
  type EstimateOptions,
  hasCodebook,
  hasElbo,
  hasLogLikelihood,
  isConditional,
  type LikelihoodModel,
  type PriorFittingModel,
  type SamplingModel,
} from './capabilities.js';
export {
  describeValue,
  isNonNegative,
  isPositiveInt,
  mustBe,
  NUMBER_RULE_TEXT,
  type NumberCheck,
  type NumberRule,
  numberChecker,
  obeys,
  shapeSize,
} from './checks.js';
export type {
  AutoencoderModel,
  ConditionOptions,
  LossTerms,
  LossTermsOptions,
  ModelBatch,
  SampleOptions,
  SaveExtra,
  TrainableModel,
} from './model.js';
export {
  AE_JSON_FORMAT_VERSION,
  type AeJson,
  type AeJsonIo,
  type AeJsonNetworkIo,
  type AeJsonPrior,
  type AeJsonTensor,
  type AeJsonWeights,
  type ModelStore,
} from './model-store.js';
