/** Per-example anomaly scores and what they say about each class. */
import type { Dataset } from '@ae/datasets';
import { type LikelihoodModel, likelihoods, reconstructionErrors, rocAuc } from '@ae/trainer';
import type { AutoencoderModel } from '@ae/vae';
import { mean } from '../explore/stats.js';
import { type ClassRef, classesOf } from './normal-class.js';

/** Values of `--score`. */
export const ANOMALY_SCORES = ['reconstruction', 'elbo'] as const;

/** How an example is scored: higher = more anomalous. */
export type AnomalyScore = (typeof ANOMALY_SCORES)[number];

/** Options of {@link anomalyScores}. */
export interface AnomalyScoresOptions {
  /** `'reconstruction'`: Σ (x − x̂)² per example; `'elbo'`: −ELBO in nats. */
  score: AnomalyScore;
  /** Examples per batch. */
  batchSize: number;
  /** Seed of the posterior samples of the ELBO. */
  seed: number;
}

/**
 * The anomaly score of every example of `data`, in order. `'elbo'` needs a model with
 * an `elbo` method (the caller checks, to give a clear message).
 */
export async function anomalyScores(
  model: AutoencoderModel,
  data: Dataset,
  o: AnomalyScoresOptions,
): Promise<Float32Array> {
  if (o.score === 'reconstruction') {
    return reconstructionErrors(model, data, { batchSize: o.batchSize, metric: 'squared' });
  }
  const { elbo } = await likelihoods(model as AutoencoderModel & LikelihoodModel, data, {
    batchSize: o.batchSize,
    seed: o.seed,
  });
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

/** ROC-AUC and per-class means of `scores` of the labelled `data`. */
export function anomalyReport(
  data: Dataset,
  scores: Float32Array,
  normal: ClassRef,
): AnomalyReport {
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
