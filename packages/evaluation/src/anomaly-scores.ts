/**
 * One-class anomaly detection: a per-example anomaly score of every example, and how well
 * the scores tell the other classes from the normal one.
 */
import { type AutoencoderModel, hasElbo } from '@ae/core';
import type { Dataset } from '@ae/datasets';
import { type ClassRef, classesOf } from './classes.js';
import { badOption, numberOption } from './evaluation-batches.js';
import { likelihoods } from './likelihood.js';
import { reconstructionErrors } from './reconstruction-errors.js';
import { rocAuc } from './roc-auc.js';
import { mean } from './stats.js';

/** Every {@link AnomalyScore}, for validation and help texts. */
export const ANOMALY_SCORES = ['reconstruction', 'relative', 'elbo'] as const;

/** How an example is scored: higher = more anomalous. */
export type AnomalyScore = (typeof ANOMALY_SCORES)[number];

/** Options of {@link anomalyScores}. */
export interface AnomalyScoresOptions {
  /**
   * `'reconstruction'` (default): Σ (x − x̂)² per example; `'relative'`: the relative
   * squared error Σ (x − x̂)² / (Σ x² + Σ x̂²), which does not grow with the amount of ink
   * (see `reconstructionErrors`); `'elbo'`: −ELBO in nats (models with an ELBO only, see
   * `hasElbo` of @ae/core).
   */
  score?: AnomalyScore;
  /** Examples per batch; a positive integer. Default 128. */
  batchSize?: number;
  /** Seed of the posterior samples of the ELBO, an integer. Default 0. */
  seed?: number;
}

/**
 * The anomaly score of every example of `data`, in dataset order (higher = more
 * anomalous). Nothing is left allocated.
 *
 * @throws EvaluationError `EVAL_BAD_OPTION` for an unknown score, `'elbo'` of a model
 *   without an ELBO, or a bad option.
 *
 * @example
 * const scores = await anomalyScores(autoencoder, test); // Σ (x − x̂)² per example
 * const { rocAuc } = anomalyReport(test, scores, { label: 1, name: '1' });
 */
export async function anomalyScores(
  model: AutoencoderModel,
  data: Dataset,
  o: AnomalyScoresOptions = {},
): Promise<Float32Array> {
  const where = 'anomalyScores';
  const score = o.score ?? 'reconstruction';
  if (!ANOMALY_SCORES.includes(score)) {
    badOption(
      where,
      `score must be one of ${ANOMALY_SCORES.join(', ')}, got ${JSON.stringify(score)}.`,
    );
  }
  const batchSize = numberOption(where, 'batchSize', o.batchSize, 'positive-integer', 128);
  const seed = numberOption(where, 'seed', o.seed, 'integer', 0);
  if (score === 'reconstruction') {
    return reconstructionErrors(model, data, { batchSize, metric: 'squared' });
  }
  if (score === 'relative') {
    return reconstructionErrors(model, data, { batchSize, metric: 'relative' });
  }
  if (!hasElbo(model)) {
    badOption(
      where,
      "score 'elbo' needs a model with an ELBO (a variational posterior, e.g. VAE of @ae/vae); use score 'reconstruction'.",
    );
  }
  const { elbo } = await likelihoods(model, data, { batchSize, seed });
  return elbo.map((v) => -v);
}

/** Scores of one class. */
export interface ClassScores {
  /** Label value. */
  label: number;
  /** Class name. */
  name: string;
  /** True for the normal class. */
  normal: boolean;
  /** Examples of the class that were scored. */
  count: number;
  /** Their mean score. */
  meanScore: number;
}

/** What the scores tell apart. */
export interface AnomalyReport {
  /**
   * Area under the ROC curve of the scores for telling the other classes (positives)
   * from the normal class: 1 = every anomaly scores above every normal example, 0.5 = chance.
   */
  rocAuc: number;
  /** Per class that occurs, in label order. */
  classes: ClassScores[];
  /** `true` for the examples of another class than the normal one. */
  anomalous: Uint8Array;
}

/**
 * ROC-AUC and per-class means of `scores` (one per example of the labelled `data`, e.g.
 * from {@link anomalyScores}), the examples of every class but `normal` counting as
 * anomalies. Unlabelled data counts as all of label 0.
 *
 * @throws EvaluationError `EVAL_BAD_OPTION` when `scores` has another length than the data,
 *   or when the data holds only one of the two groups.
 */
export function anomalyReport(
  data: Dataset,
  scores: Float32Array,
  normal: ClassRef,
): AnomalyReport {
  if (scores?.length !== data.count) {
    badOption(
      'anomalyReport',
      `scores has ${String(scores?.length)} entries but the data '${data.name}' has ${data.count} examples; pass one score per example.`,
    );
  }
  const labels = data.labels ?? new Int32Array(data.count);
  const anomalous = Uint8Array.from(labels, (l) => (l === normal.label ? 0 : 1));
  const classes: ClassScores[] = [];
  for (const c of classesOf(data)) {
    const values = scores.filter((_, i) => labels[i] === c.label);
    if (values.length === 0) continue;
    classes.push({
      label: c.label,
      name: c.name,
      normal: c.label === normal.label,
      count: values.length,
      meanScore: mean(values),
    });
  }
  return { rocAuc: rocAuc(scores, anomalous), classes, anomalous };
}
