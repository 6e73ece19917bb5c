/**
 * The latent code of every example of a dataset, as one row-major array: for
 * embeddings, plots of the latent space and disentanglement metrics.
 */
import { type AutoencoderModel, obeys } from '@ae/core';
import type { Dataset } from '@ae/datasets';
import {
  badOption,
  checkEvaluationData,
  type EvaluatedModel,
  evaluateBatches,
  numberOption,
  requireMethod,
} from './evaluation-batches.js';

/** Options of {@link latentCodes}. */
export interface LatentCodesOptions {
  /** Examples per batch; a positive integer. Default 256. */
  batchSize?: number;
}

/**
 * The code (`model.encode`: the posterior mean for variational models, the quantized
 * code for VQ-VAEs) of every example of `data`, row-major `[count, latentDim]`, in
 * dataset order. Conditional models get the data's labels; a conditional model given
 * unlabelled data throws the model's own error. Nothing is left allocated.
 *
 * @throws EvaluationError `EVAL_BAD_OPTION` for a model without `encode` or a positive
 *   integer `latentDim`, a bad option, or codes of another size than `latentDim`.
 *
 * @example
 * const codes = await latentCodes(vae, data); // Float32Array, data.count × vae.latentDim
 * const { mig } = mutualInformationGap(codes, vae.latentDim, data.factors!);
 */
export async function latentCodes(
  model: Pick<AutoencoderModel, 'encode' | 'latentDim'> & EvaluatedModel,
  data: Dataset,
  options: LatentCodesOptions = {},
): Promise<Float32Array> {
  const where = 'latentCodes';
  requireMethod(where, model, 'encode', 'Pass an autoencoder (any model of @ae/vae).');
  const dims = model.latentDim;
  if (!obeys(dims, 'positive-integer')) {
    badOption(
      where,
      `the model's latentDim must be a positive integer (values per code), got ${String(dims)}.`,
    );
  }
  const batchSize = numberOption(where, 'batchSize', options.batchSize, 'positive-integer', 256);
  checkEvaluationData(where, model, data);
  const codes = new Float32Array(data.count * dims);
  await evaluateBatches(
    model,
    data,
    { batchSize },
    (batch) => {
      const z = model.encode(batch.input, batch.condition);
      if (z.size !== batch.size * dims) {
        badOption(
          where,
          `model.encode returned shape [${z.shape.join(', ')}] for ${batch.size} examples, expected [${batch.size}, ${dims}] (latentDim ${dims}).`,
        );
      }
      return z;
    },
    (values, batch) => codes.set(values, batch.start * dims),
  );
  return codes;
}
