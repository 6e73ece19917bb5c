/**
 * The VQ-VAE bottleneck as a pure function (van den Oord et al. 2017, "Neural Discrete
 * Representation Learning"): nearest code, straight-through gradient, codebook and
 * commitment losses, and usage statistics.
 */
import * as tf from '@tensorflow/tfjs-core';
import { countsUnchecked, perplexityOfCounts, usageOfCounts } from './code-statistics.js';
import { lookupCodes, nearestCodes } from './distances.js';
import { checkCodebook, checkNumber, checkVectors, QuantizerError } from './quantizer-error.js';
import { stopGradient, straightThrough } from './stop-gradient.js';

/** The two loss terms of a vector quantizer; both float32 scalars. */
export type QuantizerLosses = {
  /**
   * `β · mean ‖x − sg(q)‖²` (mean over all `N·D` elements): pulls the encoder outputs `x`
   * towards their codes; gradient only to the encoder.
   */
  commitment: tf.Scalar;
  /**
   * `mean ‖sg(x) − q‖²` (mean over all `N·D` elements): pulls the chosen codes `q` towards the
   * encoder outputs; gradient only to the codebook. A constant 0 when the codebook is
   * learned by exponential moving averages instead.
   */
  codebook: tf.Scalar;
};

/**
 * What every quantizer of this package returns for a batch. The caller owns every tensor;
 * `tf.dispose(result)` frees them all.
 */
export type QuantizerResult = {
  /**
   * Quantized vectors with the shape of the inputs `[..., D]`: the value of the nearest codes,
   * the gradient of the inputs (straight-through). Feed this to the decoder.
   */
  quantized: tf.Tensor;
  /** int32 code indices with the inputs' leading shape `[...]` (the inputs without `D`). */
  indices: tf.Tensor;
  /** The codebook and commitment loss terms. */
  losses: QuantizerLosses;
  /** Perplexity of this batch's code histogram: from 1 (one code) to `K` (uniform use). */
  perplexity: tf.Scalar;
  /** Fraction of the `K` codes used at least once in this batch. */
  usage: tf.Scalar;
};

/** Options of {@link vectorQuantize}. */
export interface VectorQuantizeOptions {
  /** Weight `β ≥ 0` of the commitment loss; default 0.25 (the paper's value). */
  commitmentWeight?: number;
}

/**
 * Quantizes vectors to their nearest codes.
 *
 * `x` are the inputs flattened to `[N, D]`, `q` their nearest codes. Gradients: the decoder's
 * gradient w.r.t. `quantized` goes to the inputs unchanged; the codebook gets gradient only
 * from `losses.codebook`, the inputs additionally from `losses.commitment`. Add both losses
 * to your reconstruction loss.
 *
 * @param inputs Encoder outputs `[..., D]` (rank ≥ 1, at least one vector).
 * @param codebook Codes `[K, D]` (e.g. a trainable `tf.Variable`).
 * @param options `commitmentWeight` (β), default 0.25.
 * @returns A {@link QuantizerResult}; the caller owns every tensor. Inputs are not disposed.
 * @throws QuantizerError `QUANTIZER_BAD_SHAPE` (codebook not `[K, D]`, inputs not ending in
 *   `D`, no vectors), `QUANTIZER_BAD_OPTION` (β negative or not finite).
 *
 * @example
 * const { quantized, indices, losses, perplexity } = vectorQuantize(z, codebook);
 * // z [B, 16], codebook [512, 16] → quantized [B, 16], indices [B] int32
 */
export function vectorQuantize(
  inputs: tf.Tensor,
  codebook: tf.Tensor,
  options: VectorQuantizeOptions = {},
): QuantizerResult {
  const where = 'vectorQuantize';
  const beta = checkNumber(
    where,
    'commitmentWeight',
    options.commitmentWeight ?? 0.25,
    'non-negative',
  );
  const [, d] = checkCodebook(where, codebook.shape);
  checkInputs(where, inputs, d);
  return quantizeUnchecked(inputs, codebook, beta, true);
}

/** Throws unless `inputs` is `[..., codeDim]` with rank ≥ 1 and at least one vector. */
export function checkInputs(where: string, inputs: tf.Tensor, codeDim: number): number {
  const n = checkVectors(where, 'inputs', inputs.shape, codeDim);
  if (n === 0) {
    throw new QuantizerError(
      'QUANTIZER_BAD_SHAPE',
      `${where}: inputs shape [${inputs.shape.join(',')}] holds no vectors; pass at least one.`,
    );
  }
  return n;
}

/**
 * {@link vectorQuantize} without argument checks. With `codebookLoss` false the codebook
 * term is a constant 0 (EMA codebooks). Internal; the caller owns the result.
 */
export function quantizeUnchecked(
  inputs: tf.Tensor,
  codebook: tf.Tensor,
  commitmentWeight: number,
  codebookLoss: boolean,
): QuantizerResult {
  const [k, d] = codebook.shape as [number, number];
  return tf.tidy(() => {
    const x = tf.reshape(tf.cast(inputs, 'float32'), [-1, d]) as tf.Tensor2D; // [N, D]
    const indices = nearestCodes(stopGradient(x), codebook); // [N] int32
    const q = lookupCodes(indices, codebook); // [N, D], differentiable w.r.t. the codebook
    // Straight-through, x + sg(q − x): forward value q, backward the identity to x.
    const quantized = tf.reshape(straightThrough(x, q), inputs.shape);
    const commitment = tf.mul(
      commitmentWeight,
      tf.mean(tf.squaredDifference(x, stopGradient(q))),
    ) as tf.Scalar;
    const codebookTerm = codebookLoss
      ? (tf.mean(tf.squaredDifference(stopGradient(x), q)) as tf.Scalar)
      : tf.scalar(0);
    const counts = countsUnchecked(indices, k);
    return {
      quantized,
      indices: tf.reshape(indices, inputs.shape.slice(0, -1)),
      losses: { commitment, codebook: codebookTerm },
      perplexity: perplexityOfCounts(counts),
      usage: usageOfCounts(counts),
    };
  });
}
