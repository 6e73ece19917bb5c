/**
 * The numbers `ae eval` reports for a model on held-out data. Which ones depends on what
 * the model can do (`elbo`, `logLikelihood`, `codeIndices`), never on its family name.
 */
import type { Dataset, DatasetFactors } from '@ae/datasets';
import {
  type CodeUsage,
  codeUsage,
  type FactorGap,
  type LikelihoodModel,
  latentCodes,
  likelihoods,
  mutualInformationGap,
  type QuantizedModel,
  reconstructionErrors,
} from '@ae/trainer';
import type { AutoencoderModel } from '@ae/vae';
import { mean } from '../explore/stats.js';

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
  /** Vector-quantized models: exp(entropy) of the code histogram, in [1, numCodes]. */
  perplexity?: number;
  /** Vector-quantized models: codes chosen at least once. */
  usedCodes?: number;
  /** Vector-quantized models: codebook size K. */
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
  /** Importance samples K for `nll`; 0 (the default) skips it. */
  iwSamples?: number;
  /** Examples per batch. */
  batchSize: number;
  /** Seed of the posterior samples. */
  seed: number;
  /** Called before each stage with a short description, for progress lines. */
  onStage?: (what: string) => void;
}

/** What a model may offer beyond {@link AutoencoderModel}. */
type Capable = AutoencoderModel & Partial<LikelihoodModel> & Partial<QuantizedModel>;

/** True for models with an ELBO (a variational posterior). */
export function hasElbo(model: AutoencoderModel): boolean {
  return typeof (model as Capable).elbo === 'function';
}

/** True for models with an importance-weighted log-likelihood. */
export function hasLogLikelihood(model: AutoencoderModel): boolean {
  return typeof (model as Capable).logLikelihood === 'function';
}

/** True for vector-quantized models (nearest-code indices and a codebook size). */
export function hasCodes(model: AutoencoderModel): boolean {
  const m = model as Capable;
  return typeof m.codeIndices === 'function' && typeof m.config?.numCodes === 'number';
}

/** Computes every metric `model` supports on `data`. */
export async function evaluateModel(
  model: AutoencoderModel,
  data: Dataset,
  o: EvaluateModelOptions,
): Promise<EvalMetrics> {
  const stage = o.onStage ?? (() => {});
  const { batchSize, seed } = o;
  stage('reconstruction errors');
  const squared = await reconstructionErrors(model, data, { batchSize, metric: 'squared' });
  const metrics: EvalMetrics = { reconstructionSquared: mean(squared) };
  if ((data.domain ?? 'unit') === 'unit') {
    const bce = await reconstructionErrors(model, data, { batchSize, metric: 'bce' });
    metrics.reconstructionBce = mean(bce);
  }
  const m = model as Capable;
  if (hasElbo(model)) {
    const k = o.iwSamples ?? 0;
    stage(k > 0 ? `ELBO and importance-weighted log-likelihood (K = ${k})` : 'ELBO');
    const l = await likelihoods(m as LikelihoodModel, data, {
      samples: k,
      batchSize,
      seed,
    });
    metrics.elbo = mean(l.elbo);
    if (l.logLikelihood) {
      metrics.nll = -mean(l.logLikelihood);
      metrics.iwSamples = k;
    }
  }
  if (hasCodes(model)) {
    stage('code usage');
    const u: CodeUsage = await codeUsage(m as QuantizedModel, data, { batchSize });
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
