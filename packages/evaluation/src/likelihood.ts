/**
 * Per-example likelihood estimates of models with a variational posterior: the ELBO and
 * the importance-weighted log p(x).
 */
import {
  describeValue,
  type ElboModel,
  hasElbo,
  hasLogLikelihood,
  type LikelihoodModel,
  NUMBER_RULE_TEXT,
  obeys,
} from '@ae/core';
import { createRng, type Dataset } from '@ae/datasets';
import * as tf from '@tensorflow/tfjs-core';
import {
  badOption,
  checkEvaluationData,
  type EvaluatedModel,
  evaluateBatches,
  numberOption,
} from './evaluation-batches.js';

/** Options of {@link likelihoods}. */
export interface LikelihoodsOptions {
  /**
   * Number K of importance samples per example for log p(x), a non-negative integer.
   * Default 0: only the ELBO. Larger K gives a tighter (higher) estimate and costs K
   * decoder passes per example.
   */
  samples?: number;
  /** Examples per batch; a positive integer. Default 128. */
  batchSize?: number;
  /**
   * Seed of the posterior samples, an integer; default 0. Each batch draws its own seeds
   * from it, so a run repeats exactly with the same seed and batch size.
   */
  seed?: number;
}

/** What {@link likelihoods} returns; both arrays hold one value per example, in nats. */
export interface Likelihoods {
  /** The evidence lower bound of every example (the model's `elbo`, one posterior sample). */
  elbo: Float32Array;
  /**
   * The importance-weighted estimate of log p(x) with K = `samples` (Burda et al. 2016);
   * present when `samples > 0` and the model has `logLikelihood`.
   */
  logLikelihood?: Float32Array;
}

/** Throws unless a model's per-example estimate has one value per example. */
function checkPerExample(where: string, method: string, t: tf.Tensor, n: number): void {
  if (t.size !== n) {
    badOption(
      where,
      `model.${method} returned shape [${t.shape.join(', ')}] for a batch of ${n} examples; it must return one value per example, [${n}].`,
    );
  }
}

/**
 * The ELBO of every example of `data`, in dataset order, and with `samples` K > 0 the
 * importance-weighted log p(x) (a lower bound of log p(x) that tightens as K grows;
 * on average ≥ the ELBO). Conditional models get the data's labels. Each batch is read
 * back once; nothing is left allocated.
 *
 * @throws EvaluationError `EVAL_BAD_OPTION` for a model without `elbo` (only models with
 *   a variational posterior, such as VAE and ConditionalVAE of @ae/vae, have one) or a
 *   bad option.
 *
 * @example
 * const { elbo, logLikelihood } = await likelihoods(vae, test, { samples: 100, seed: 1 });
 * // mean of logLikelihood: the test log-likelihood in nats per example
 */
export async function likelihoods(
  model: ElboModel & Partial<LikelihoodModel> & EvaluatedModel,
  data: Dataset,
  options: LikelihoodsOptions = {},
): Promise<Likelihoods> {
  const where = 'likelihoods';
  if (!hasElbo(model)) {
    badOption(
      where,
      'the model has no elbo() method. Only models with a variational posterior have one, e.g. VAE and ConditionalVAE of @ae/vae; plain autoencoders and VQ-VAEs do not. Use reconstructionErrors for those.',
    );
  }
  const samples = options.samples ?? 0;
  if (!obeys(samples, 'non-negative-integer')) {
    badOption(
      where,
      `samples must be ${NUMBER_RULE_TEXT['non-negative-integer']} (0: ELBO only), got ${describeValue(samples)}; e.g. 100.`,
    );
  }
  const batchSize = numberOption(where, 'batchSize', options.batchSize, 'positive-integer', 128);
  const seed = numberOption(where, 'seed', options.seed, 'integer', 0);
  checkEvaluationData(where, model, data);
  const weighted = samples > 0 && hasLogLikelihood(model) ? model : undefined;
  const elbo = new Float32Array(data.count);
  const logLikelihood = weighted ? new Float32Array(data.count) : undefined;
  const rng = createRng(seed);
  await evaluateBatches(
    model,
    data,
    { batchSize },
    (batch) => {
      // Two seeds per batch, drawn whether or not both are used, so the ELBO of a run
      // does not depend on `samples`.
      const elboSeed = rng.seed();
      const weightSeed = rng.seed();
      const bound = model.elbo(batch.x, { ...batch.condition, seed: elboSeed });
      checkPerExample(where, 'elbo', bound, batch.size);
      if (!weighted) return bound;
      const estimate = weighted.logLikelihood(batch.x, {
        ...batch.condition,
        samples,
        seed: weightSeed,
      });
      checkPerExample(where, 'logLikelihood', estimate, batch.size);
      // One read-back per batch: [2, batch].
      return tf.stack([tf.reshape(bound, [-1]), tf.reshape(estimate, [-1])]);
    },
    (values, batch) => {
      const n = batch.size;
      elbo.set(values.subarray(0, n), batch.start);
      logLikelihood?.set(values.subarray(n, 2 * n), batch.start);
    },
  );
  return logLikelihood === undefined ? { elbo } : { elbo, logLikelihood };
}
