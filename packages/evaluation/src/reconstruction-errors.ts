/**
 * Per-example reconstruction error of any model with `reconstruct`, e.g. the anomaly
 * score of an autoencoder.
 */
import type { AutoencoderModel } from '@ae/core';
import type { Dataset } from '@ae/datasets';
import * as tf from '@tensorflow/tfjs-core';
import {
  badOption,
  checkEvaluationData,
  type EvaluatedModel,
  evaluateBatches,
  numberOption,
  requireMethod,
} from './evaluation-batches.js';

/** How {@link reconstructionErrors} compares an example with its reconstruction. */
export type ReconstructionMetric = 'squared' | 'absolute' | 'bce' | 'relative';

/** Every {@link ReconstructionMetric}, for validation and help texts. */
export const RECONSTRUCTION_METRICS: readonly ReconstructionMetric[] = [
  'squared',
  'absolute',
  'bce',
  'relative',
];

/** The `'bce'` metric clips reconstructions to [ε, 1 − ε] before taking logs. */
const BCE_EPSILON = 1e-7;

/** Options of {@link reconstructionErrors}. */
export interface ReconstructionErrorsOptions {
  /** Examples per batch; a positive integer. Default 256. */
  batchSize?: number;
  /**
   * `'squared'` (default): Σ (x − x̂)²; `'absolute'`: Σ |x − x̂|; `'bce'`: the binary
   * cross-entropy Σ −[x log x̂ + (1 − x) log(1 − x̂)] with x̂ clipped to
   * [1e-7, 1 − 1e-7] (for reconstructions that are probabilities); `'relative'`: the
   * squared error over the energy of both, Σ (x − x̂)² / (Σ x² + Σ x̂²) (0 when both are
   * all zeros), in [0, 1] for non-negative data. Sums run over the features of one example.
   * The relative error does not grow with the amount of ink: a faint image badly
   * reconstructed scores higher than a heavy one reconstructed well, where Σ (x − x̂)²
   * ranks them the other way round.
   */
  metric?: ReconstructionMetric;
  /**
   * Rows to encode instead of `data.x` (denoising: a corrupted copy), a Float32Array of
   * the same length as `data.x`. The error is still measured against `data.x`.
   */
  input?: Float32Array;
}

/** Per-example error `[batch]` between `x` and `xHat`, both `[batch, ...]`. Inside a tidy. */
function perExample(x: tf.Tensor, xHat: tf.Tensor, metric: ReconstructionMetric): tf.Tensor {
  const n = x.shape[0] as number;
  const target = tf.reshape(x, [n, -1]);
  const output = tf.reshape(xHat, [n, -1]);
  if (metric === 'squared') return tf.sum(tf.square(tf.sub(target, output)), 1);
  if (metric === 'absolute') return tf.sum(tf.abs(tf.sub(target, output)), 1);
  if (metric === 'relative') {
    const energy = tf.add(tf.sum(tf.square(target), 1), tf.sum(tf.square(output), 1));
    return tf.divNoNan(tf.sum(tf.square(tf.sub(target, output)), 1), energy);
  }
  const p = tf.clipByValue(output, BCE_EPSILON, 1 - BCE_EPSILON);
  const logLikelihood = tf.add(
    tf.mul(target, tf.log(p)),
    tf.mul(tf.sub(1, target), tf.log(tf.sub(1, p))),
  );
  return tf.neg(tf.sum(logLikelihood, 1));
}

/**
 * The reconstruction error of every example of `data`, summed over its features (see
 * {@link ReconstructionErrorsOptions.metric}), in dataset order: a Float32Array of
 * `data.count` values. Conditional models get the data's labels; a conditional model
 * given unlabelled data throws the model's own error. Nothing is left allocated.
 *
 * @throws EvaluationError `EVAL_BAD_OPTION` for a model without `reconstruct`, a bad
 *   option, `input` of the wrong length, or a reconstruction of another size than its input.
 *
 * @example
 * const scores = await reconstructionErrors(autoencoder, test); // Σ (x − x̂)² per example
 * const auc = rocAuc(scores, isAnomaly);
 */
export async function reconstructionErrors(
  model: Pick<AutoencoderModel, 'reconstruct'> & EvaluatedModel,
  data: Dataset,
  options: ReconstructionErrorsOptions = {},
): Promise<Float32Array> {
  const where = 'reconstructionErrors';
  requireMethod(where, model, 'reconstruct', 'Pass an autoencoder (any model of @ae/vae).');
  const batchSize = numberOption(where, 'batchSize', options.batchSize, 'positive-integer', 256);
  const metric = options.metric ?? 'squared';
  if (!RECONSTRUCTION_METRICS.includes(metric)) {
    badOption(
      where,
      `metric must be one of ${RECONSTRUCTION_METRICS.join(', ')}, got ${JSON.stringify(metric)}.`,
    );
  }
  checkEvaluationData(where, model, data);
  const { input } = options;
  if (input !== undefined && (!(input instanceof Float32Array) || input.length !== data.x.length)) {
    badOption(
      where,
      `input must be a Float32Array of ${data.x.length} values (the length of data.x), got ${input instanceof Float32Array ? `${input.length} values` : typeof input}.`,
    );
  }
  const errors = new Float32Array(data.count);
  await evaluateBatches(
    model,
    data,
    { batchSize, ...(input !== undefined ? { input } : {}) },
    (batch) => {
      const xHat = model.reconstruct(batch.input, batch.condition);
      if (xHat.size !== batch.x.size) {
        badOption(
          where,
          `model.reconstruct returned shape [${xHat.shape.join(', ')}] for a batch of shape [${batch.x.shape.join(', ')}]; it must return one reconstruction per example, shaped as the example.`,
        );
      }
      return perExample(batch.x, xHat, metric);
    },
    (values, batch) => errors.set(values, batch.start),
  );
  return errors;
}
