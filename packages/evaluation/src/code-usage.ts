/**
 * Codebook statistics of a vector-quantized model over a dataset: how often each code
 * is chosen, how many are used, and the perplexity.
 */
import { type CodebookModel, describeValue, hasCodebook } from '@ae/core';
import type { Dataset } from '@ae/datasets';
import {
  badOption,
  checkEvaluationData,
  type EvaluatedModel,
  evaluateBatches,
  numberOption,
} from './evaluation-batches.js';
import { EvaluationError } from './evaluation-error.js';

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
 * Perplexity exp(H) of a code histogram (H = −Σ p log p in nats, p = usage / Σ usage): the
 * effective number of codes in use, from 1 (one code everywhere) to the number of codes (all
 * used equally often); 0 when nothing was counted. `usage` holds counts or fractions ≥ 0.
 *
 * @example
 * perplexity([2, 1, 1]); // p = (½, ¼, ¼): H = 1.5 ln 2, so 2^1.5 ≈ 2.83
 */
export function perplexity(usage: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < usage.length; i++) total += usage[i] as number;
  if (!(total > 0)) return 0;
  let entropy = 0;
  for (let i = 0; i < usage.length; i++) {
    const p = (usage[i] as number) / total;
    if (p > 0) entropy -= p * Math.log(p);
  }
  return Math.exp(entropy);
}

/**
 * Counts the codes a vector-quantized model (e.g. `VQVAE` of @ae/vae) picks for every
 * code position of every example of `data`. Each batch's indices are read back once;
 * nothing is left allocated.
 *
 * @throws EvaluationError `EVAL_BAD_OPTION` for a model without a codebook (`codeIndices`
 *   and a positive integer `numCodes`: see `hasCodebook` of @ae/core), a bad option, or an
 *   index outside [0, K); `EVAL_EMPTY_DATASET` when `data` has no examples.
 *
 * @example
 * const { perplexity, usedFraction } = await codeUsage(vqvae, test);
 * // e.g. perplexity 38.2 of 64 codes, usedFraction 0.91
 */
export async function codeUsage(
  model: CodebookModel & EvaluatedModel,
  data: Dataset,
  options: CodeUsageOptions = {},
): Promise<CodeUsage> {
  const where = 'codeUsage';
  if (!hasCodebook(model)) {
    badOption(
      where,
      `the model has no codebook: it needs a codeIndices() method and numCodes, a positive integer (the codebook size), got numCodes ${describeValue((model as Partial<CodebookModel> | undefined)?.numCodes)}. Pass a vector-quantized model, e.g. VQVAE of @ae/vae.`,
    );
  }
  const { numCodes } = model;
  const batchSize = numberOption(where, 'batchSize', options.batchSize, 'positive-integer', 256);
  checkEvaluationData(where, model, data);
  if (data.count === 0) {
    throw new EvaluationError(
      'EVAL_EMPTY_DATASET',
      `${where}: the dataset '${data.name}' has no examples; pass data to count codes over.`,
    );
  }
  const counts = new Int32Array(numCodes);
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
            `model.codeIndices returned ${code}, outside the codebook [0, ${numCodes}); numCodes must match the model's codebook.`,
          );
        }
        (counts[code] as number)++;
      }
    },
  );
  const used = counts.reduce((n, c) => (c > 0 ? n + 1 : n), 0);
  return { numCodes, counts, perplexity: perplexity(counts), usedFraction: used / numCodes };
}
