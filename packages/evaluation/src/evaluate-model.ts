/**
 * Every metric a model supports on held-out data, in one call (what `ae eval` reports).
 * Which ones depends on what the model can do (`hasElbo`, `hasLogLikelihood`, `hasCodebook`
 * of @ae/core) and on the data (pixels in [0, 1], ground-truth factors), never on the
 * model's family name.
 */
import { type AutoencoderModel, hasCodebook, hasElbo } from '@ae/core';
import type { Dataset, DatasetFactors } from '@ae/datasets';
import { codeUsage } from './code-usage.js';
import { numberOption } from './evaluation-batches.js';
import { latentCodes } from './latent-codes.js';
import { likelihoods } from './likelihood.js';
import { type FactorGap, mutualInformationGap } from './mig.js';
import { reconstructionErrors } from './reconstruction-errors.js';
import { mean } from './stats.js';

/** Metrics of one model on one dataset; every mean is over examples. */
export interface EvalMetrics {
  /** Mean of Σ (x − x̂)² over the features of each example (x̂ = `reconstruct(x)`). */
  reconstructionSquared: number;
  /**
   * Unit-domain data (pixels in [0, 1]) only: mean of the binary cross-entropy
   * Σ −[x log x̂ + (1 − x) log(1 − x̂)] per example, in nats.
   */
  reconstructionBce?: number;
  /** Models with an ELBO: its mean per example, in nats (one posterior sample per example). */
  elbo?: number;
  /**
   * With `iwSamples` K > 0 and a model with `logLikelihood`: the negative log-likelihood
   * −mean log p(x) in nats, from the importance-weighted bound with K samples.
   */
  nll?: number;
  /** K of `nll`. */
  iwSamples?: number;
  /** Models with a codebook (e.g. VQ-VAEs): exp(entropy) of the code histogram, in [1, numCodes]. */
  perplexity?: number;
  /** Models with a codebook: codes chosen at least once. */
  usedCodes?: number;
  /** Models with a codebook: codebook size K. */
  numCodes?: number;
  /**
   * Data with ground-truth `factors` (e.g. `shapes`) and a latent code of at least 2
   * dimensions: the mutual information gap of Chen et al. (2018) of the codes `encode`
   * returns (posterior means for variational models), in [0, 1]; higher is more
   * disentangled. The mean of `migFactors[k].gap` over the factors with entropy > 0.
   */
  mig?: number;
  /**
   * With `mig`: per factor, its name, entropy H(v_k) (nats), normalized gap, the code
   * dimension most informative about it and I(v_k; z_j) for every dimension j (nats).
   */
  migFactors?: FactorGap[];
}

/** Options of {@link evaluateModel}. */
export interface EvaluateModelOptions {
  /**
   * Importance samples K per example for `nll`, an integer ≥ 0; 0 (the default) skips it.
   * Models without a log-likelihood estimate ignore it.
   */
  iwSamples?: number;
  /** Examples per batch; a positive integer. Default 256. */
  batchSize?: number;
  /** Seed of the posterior samples, an integer. Default 0. */
  seed?: number;
  /** Called before each stage with a short description, for progress lines. */
  onStage?: (what: string) => void;
}

/**
 * Computes every metric `model` supports on `data` (see {@link EvalMetrics} for which and
 * when). The data is read in order; nothing is left allocated.
 *
 * @throws EvaluationError `EVAL_BAD_OPTION` for a bad option or data the model cannot take.
 *
 * @example
 * const metrics = await evaluateModel(vae, test, { iwSamples: 100, seed: 1 });
 * // { reconstructionSquared, reconstructionBce, elbo, nll, iwSamples: 100 }
 */
export async function evaluateModel(
  model: AutoencoderModel,
  data: Dataset,
  o: EvaluateModelOptions = {},
): Promise<EvalMetrics> {
  const where = 'evaluateModel';
  const stage = o.onStage ?? (() => {});
  const batchSize = numberOption(where, 'batchSize', o.batchSize, 'positive-integer', 256);
  const seed = numberOption(where, 'seed', o.seed, 'integer', 0);
  const k = numberOption(where, 'iwSamples', o.iwSamples, 'non-negative-integer', 0);
  stage('reconstruction errors');
  const squared = await reconstructionErrors(model, data, { batchSize, metric: 'squared' });
  const metrics: EvalMetrics = { reconstructionSquared: mean(squared) };
  if ((data.domain ?? 'unit') === 'unit') {
    const bce = await reconstructionErrors(model, data, { batchSize, metric: 'bce' });
    metrics.reconstructionBce = mean(bce);
  }
  if (hasElbo(model)) {
    stage(k > 0 ? `ELBO and importance-weighted log-likelihood (K = ${k})` : 'ELBO');
    const l = await likelihoods(model, data, { samples: k, batchSize, seed });
    metrics.elbo = mean(l.elbo);
    if (l.logLikelihood) {
      metrics.nll = -mean(l.logLikelihood);
      metrics.iwSamples = k;
    }
  }
  if (hasCodebook(model)) {
    stage('code usage');
    const u = await codeUsage(model, data, { batchSize });
    metrics.perplexity = u.perplexity;
    metrics.usedCodes = u.counts.filter((c) => c > 0).length;
    metrics.numCodes = u.numCodes;
  }
  const factors = data.factors;
  if (factors !== undefined && model.latentDim >= 2 && varies(factors)) {
    stage('mutual information gap');
    const codes = await latentCodes(model, data, { batchSize });
    const r = mutualInformationGap(codes, model.latentDim, factors);
    metrics.mig = r.mig;
    metrics.migFactors = r.factors;
  }
  return metrics;
}

/** True when some factor takes more than one value over the examples (MIG needs one). */
function varies(f: DatasetFactors): boolean {
  const k = f.names.length;
  for (let i = k; i < f.values.length; i++) if (f.values[i] !== f.values[i % k]) return true;
  return false;
}
