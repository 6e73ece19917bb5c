/**
 * Codebook statistics of a vector-quantized model over a dataset: how often each code
 * is chosen, how many are used, and the perplexity.
 */
import type { Dataset } from '@ae/datasets';
import type * as tf from '@tensorflow/tfjs-core';
import { TrainingError } from '../training-error.js';
import {
  badOption,
  checkEvaluationData,
  type EvaluatedModel,
  evaluateBatches,
  positiveInteger,
  requireMethod,
} from './evaluation-batches.js';

/** What {@link codeUsage} needs of a model. */
export interface QuantizedModel extends EvaluatedModel {
  /**
   * Index of the nearest code of every code position of `x`: integers in
   * [0, numCodes), `[batch, ...positions]`; the caller owns the tensor.
   */
  codeIndices(x: tf.Tensor): tf.Tensor;
  /** The model's hyper-parameters; `numCodes` is the codebook size K. */
  readonly config: { readonly numCodes: number };
}

/** Options of {@link codeUsage}. */
export interface CodeUsageOptions {
  /** Examples per batch; a positive integer. Default 256. */
  batchSize?: number;
}

/** What {@link codeUsage} returns. */
export interface CodeUsage {
  /** Codebook size K. */
  numCodes: number;
  /** How often each code was chosen, over every position of every example; length K. */
  counts: Int32Array;
  /**
   * exp(H) of the code histogram (H in nats): the effective number of codes in use, from
   * 1 (one code everywhere) to K (all codes equally often).
   */
  perplexity: number;
  /** Fraction of the K codes chosen at least once, in (0, 1]. */
  usedFraction: number;
}

/**
 * Counts the codes a vector-quantized model (e.g. `VQVAE` of @ae/vae) picks for every
 * code position of every example of `data`. Each batch's indices are read back once;
 * nothing is left allocated.
 *
 * @throws TrainingError `TRAIN_BAD_OPTION` for a model without `codeIndices` or a
 *   positive integer `config.numCodes`, a bad option, or an index outside [0, K);
 *   `TRAIN_EMPTY_DATASET` when `data` has no examples.
 *
 * @example
 * const { perplexity, usedFraction } = await codeUsage(vqvae, test);
 * // e.g. perplexity 38.2 of 64 codes, usedFraction 0.91
 */
export async function codeUsage(
  model: QuantizedModel,
  data: Dataset,
  options: CodeUsageOptions = {},
): Promise<CodeUsage> {
  const where = 'codeUsage';
  requireMethod(
    where,
    model,
    'codeIndices',
    'Pass a vector-quantized model, e.g. VQVAE of @ae/vae.',
  );
  const numCodes = model.config?.numCodes;
  if (typeof numCodes !== 'number' || !Number.isInteger(numCodes) || numCodes <= 0) {
    badOption(
      where,
      `the model's config.numCodes must be a positive integer (the codebook size), got ${String(numCodes)}.`,
    );
  }
  const batchSize = positiveInteger(where, 'batchSize', options.batchSize, 256);
  checkEvaluationData(where, model, data);
  if (data.count === 0) {
    throw new TrainingError(
      'TRAIN_EMPTY_DATASET',
      `${where}: the dataset '${data.name}' has no examples; pass data to count codes over.`,
    );
  }
  const counts = new Int32Array(numCodes);
  let total = 0;
  await evaluateBatches(
    model,
    data,
    { batchSize },
    (batch) => model.codeIndices(batch.input),
    (values) => {
      for (let i = 0; i < values.length; i++) {
        const code = values[i] as number;
        if (!(Number.isInteger(code) && code >= 0 && code < numCodes)) {
          badOption(
            where,
            `model.codeIndices returned ${code}, outside the codebook [0, ${numCodes}); config.numCodes must match the model's codebook.`,
          );
        }
        (counts[code] as number)++;
      }
      total += values.length;
    },
  );
  let entropy = 0;
  let used = 0;
  for (const c of counts) {
    if (c === 0) continue;
    used++;
    entropy -= (c / total) * Math.log(c / total);
  }
  return { numCodes, counts, perplexity: Math.exp(entropy), usedFraction: used / numCodes };
}
