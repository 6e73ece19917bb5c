/**
 * The likelihood p(x | z) of the Gaussian-latent models and their per-example estimates
 * of log p(x): the importance-weighted bound (Burda et al. 2016) and the ELBO.
 */
import { createRng } from '@ae/backend';
import type { EstimateOptions } from '@ae/core';
import {
  binaryCrossEntropyWithLogits,
  gaussianNll,
  klStandardNormal,
  logMeanExp,
  type Reduction,
} from '@ae/losses';
import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from './model-error.js';
import type { VAELikelihood } from './vae-config.js';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** Default number of decoder rows (example × sample pairs) per chunk of an estimate. */
export const DEFAULT_ESTIMATE_BATCH_SIZE = 512;

/**
 * −log p(x | z) of `x` given the decoder's raw output `out` (logits for `'bernoulli'`,
 * the mean for `'gaussian'` with fixed variance `outputVariance`, its ½ log 2πσ² constant
 * included so the Gaussian term is a true negative log-density). Caller owns.
 */
export function reconstructionNll(
  x: tf.Tensor,
  out: tf.Tensor,
  likelihood: VAELikelihood,
  outputVariance: number,
  reduction: Reduction,
): tf.Tensor {
  return likelihood === 'bernoulli'
    ? binaryCrossEntropyWithLogits(x, out, { reduction })
    : gaussianNll(x, out, { variance: outputVariance, reduction });
}

/** What the estimates need of a model; every function runs inside the caller's `tf.tidy`. */
export interface LatentParts {
  /** q(z | x): `[mean, logVar]`, each `[batch, latentDim]`. */
  posterior(x: tf.Tensor, condition: tf.Tensor | undefined): [tf.Tensor2D, tf.Tensor2D];
  /** The decoder's raw output for codes `z` `[n, latentDim]`. */
  decodeRaw(z: tf.Tensor2D, condition: tf.Tensor | undefined): tf.Tensor;
  /** log p(x | z) per example `[n]` from the decoder's raw output. */
  logLikelihood(x: tf.Tensor, out: tf.Tensor): tf.Tensor1D;
}

/** Throws `MODEL_BAD_INPUT` for a `samples`, `batchSize` or `seed` that is not accepted. */
export function checkEstimateOptions(where: string, options: EstimateOptions): void {
  const positive = (name: string, v: unknown) => {
    if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v > 0)) {
      throw new ModelError(
        'MODEL_BAD_INPUT',
        `${where}: ${name} must be a positive integer, got ${String(v)}.`,
      );
    }
  };
  positive('samples', options.samples);
  positive('batchSize', options.batchSize);
  if (options.seed !== undefined && !Number.isInteger(options.seed)) {
    throw new ModelError(
      'MODEL_BAD_INPUT',
      `${where}: seed must be an integer, got ${String(options.seed)}.`,
    );
  }
}

/**
 * Per-sample log terms `[K, batch]` for z_k = mean + σ·ε_k: `'weight'` gives
 * log p(x | z_k) + log p(z_k) − log q(z_k | x), `'likelihood'` gives log p(x | z_k).
 * ε_k is drawn with its own seed, so the result does not depend on the chunking.
 */
function sampleLogTerms(
  parts: LatentParts,
  x: tf.Tensor,
  condition: tf.Tensor | undefined,
  mean: tf.Tensor2D,
  logVar: tf.Tensor2D,
  seeds: number[],
  rows: number,
  kind: 'weight' | 'likelihood',
): tf.Tensor2D {
  const [batch, dim] = mean.shape;
  const perChunk = Math.max(1, Math.floor(rows / batch));
  const std = tf.exp(tf.mul(logVar, 0.5));
  const chunks: tf.Tensor[] = [];
  for (let start = 0; start < seeds.length; start += perChunk) {
    const chunkSeeds = seeds.slice(start, start + perChunk);
    const k = chunkSeeds.length;
    chunks.push(
      tf.tidy(() => {
        const eps = tf.stack(
          chunkSeeds.map((s) => tf.randomNormal([batch, dim], 0, 1, 'float32', s)),
        ); // [k, batch, dim]
        const z = tf.add(mean, tf.mul(std, eps));
        const reps = [k, ...x.shape.slice(1).map(() => 1)];
        const out = parts.decodeRaw(
          tf.reshape(z, [k * batch, dim]) as tf.Tensor2D,
          condition === undefined ? undefined : tf.tile(condition, [k, 1]),
        );
        const logPxz = tf.reshape(parts.logLikelihood(tf.tile(x, reps), out), [k, batch]);
        if (kind === 'likelihood') return logPxz;
        // log N(z; 0, I) and log N(z; mean, σ²) = Σ −½ ε² − ½ logVar − ½ log 2π.
        const logPz = tf.sub(tf.mul(tf.sum(tf.square(z), -1), -0.5), dim * HALF_LOG_TWO_PI);
        const logQz = tf.sub(
          tf.mul(tf.add(tf.sum(tf.square(eps), -1), tf.sum(logVar, -1)), -0.5),
          dim * HALF_LOG_TWO_PI,
        );
        return tf.add(logPxz, tf.sub(logPz, logQz));
      }),
    );
  }
  return tf.concat(chunks, 0) as tf.Tensor2D;
}

function drawSeeds(count: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => rng.seed());
}

/**
 * The importance-weighted estimate of log p(x) per example (Burda et al. 2016):
 * `log (1/K) Σ_k p(x | z_k) p(z_k) / q(z_k | x)`, z_k ~ q(z | x), computed with
 * `logMeanExp`. A lower bound of log p(x) in expectation that tightens as K grows;
 * K = 1 is a one-sample ELBO. Returns `[batch]`; the caller owns it.
 */
export function importanceWeightedEstimate(
  parts: LatentParts,
  x: tf.Tensor,
  condition: tf.Tensor | undefined,
  options: { samples: number; batchSize: number; seed: number },
): tf.Tensor1D {
  const seeds = drawSeeds(options.samples, options.seed);
  return tf.tidy(() => {
    const [mean, logVar] = parts.posterior(x, condition);
    const w = sampleLogTerms(parts, x, condition, mean, logVar, seeds, options.batchSize, 'weight');
    return logMeanExp(w, { axis: 0 }) as tf.Tensor1D;
  });
}

/**
 * The evidence lower bound per example, `E_q[log p(x | z)] − KL(q(z | x) ‖ N(0, I))`:
 * the expectation estimated from `samples` draws, the KL in closed form. Returns
 * `[batch]`; the caller owns it.
 */
export function elboEstimate(
  parts: LatentParts,
  x: tf.Tensor,
  condition: tf.Tensor | undefined,
  options: { samples: number; batchSize: number; seed: number },
): tf.Tensor1D {
  const seeds = drawSeeds(options.samples, options.seed);
  return tf.tidy(() => {
    const [mean, logVar] = parts.posterior(x, condition);
    const rec = sampleLogTerms(
      parts,
      x,
      condition,
      mean,
      logVar,
      seeds,
      options.batchSize,
      'likelihood',
    );
    const kl = klStandardNormal(mean, logVar, { reduction: 'per-example' });
    return tf.sub(tf.mean(rec, 0), kl) as tf.Tensor1D;
  });
}
