/**
 * Evaluation helpers: per-example scores and likelihoods, latent codes, codebook usage,
 * ROC analysis and the mutual information gap. They ask a model only for the method
 * they need (`reconstruct`, `elbo`, `encode`, `codeIndices`), never for its family.
 */
export {
  type CodeUsage,
  type CodeUsageOptions,
  codeUsage,
  type QuantizedModel,
} from './code-usage.js';
export type { EvaluatedModel } from './evaluation-batches.js';
export {
  type EncodingModel,
  type LatentCodesOptions,
  latentCodes,
} from './latent-codes.js';
export {
  type LikelihoodCallOptions,
  type LikelihoodModel,
  type Likelihoods,
  type LikelihoodsOptions,
  likelihoods,
} from './likelihood.js';
export { type FactorGap, type MigOptions, type MigResult, mutualInformationGap } from './mig.js';
export {
  RECONSTRUCTION_METRICS,
  type ReconstructingModel,
  type ReconstructionErrorsOptions,
  type ReconstructionMetric,
  reconstructionErrors,
} from './reconstruction-errors.js';
export { type RocCurve, rocAuc, rocCurve } from './roc-auc.js';
