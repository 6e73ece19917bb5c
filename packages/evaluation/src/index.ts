/**
 * `@ae/evaluation`: everything needed to score a trained autoencoder. Per-example scores
 * and likelihoods, latent codes, codebook usage, ROC analysis, the mutual information gap,
 * PSNR, summary statistics, one-class anomaly reports, every metric at once
 * (`evaluateModel`), and the export bundle the web demo loads. The helpers ask a model only
 * for what they need (the capability guards of `@ae/core`), never for its family.
 * Browser-safe: nothing here reads or writes files.
 */
export {
  ANOMALY_SCORES,
  type AnomalyReport,
  type AnomalyScore,
  type AnomalyScoresOptions,
  anomalyReport,
  anomalyScores,
  type ClassScores,
} from './anomaly-scores.js';
export { anomalyStats, rankScore, type ScoreRank, squaredError } from './anomaly-stats.js';
export { type ClassRef, classesOf } from './classes.js';
export { type CodeUsage, type CodeUsageOptions, codeUsage, perplexity } from './code-usage.js';
export { type EvalMetrics, type EvaluateModelOptions, evaluateModel } from './evaluate-model.js';
export type { EvaluatedModel } from './evaluation-batches.js';
export { EvaluationError, type EvaluationErrorCode } from './evaluation-error.js';
export {
  buildExportBundle,
  EXAMPLES_FILE,
  type ExportBundle,
  type ExportBundleOptions,
  toBytes,
} from './export-bundle.js';
export {
  type AnomalyQuantiles,
  type AnomalyStats,
  EXPORT_FORMAT_VERSION,
  type ExportJson,
  exportJsonText,
  parseExportJson,
} from './export-json.js';
export { type LatentCodesOptions, latentCodes } from './latent-codes.js';
export { type Likelihoods, type LikelihoodsOptions, likelihoods } from './likelihood.js';
export { type FactorGap, type MigOptions, type MigResult, mutualInformationGap } from './mig.js';
export { meanPsnr, PSNR_MIN_MSE, psnrOfMse, psnrPerImage } from './psnr.js';
export {
  RECONSTRUCTION_METRICS,
  type ReconstructionErrorsOptions,
  type ReconstructionMetric,
  reconstructionErrors,
} from './reconstruction-errors.js';
export { type RocCurve, rocAuc, rocCurve } from './roc-auc.js';
export { type MeanStd, mean, meanStd, quantile, quantiles } from './stats.js';
