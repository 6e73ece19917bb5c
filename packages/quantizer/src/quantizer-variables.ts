/**
 * The state of a vector quantizer as `tf.Variable`s: created fresh, or adopted (e.g. the
 * weights of a tfjs-layers layer) after a shape check.
 */
import * as tf from '@tensorflow/tfjs-core';
import { QuantizerError } from './quantizer-error.js';
import type { ResolvedQuantizerOptions } from './quantizer-options.js';

/**
 * Variables a quantizer can adopt instead of creating its own (e.g. the weights of a
 * tfjs-layers layer). The quantizer reads and assigns them but never disposes them.
 */
export interface QuantizerVariables {
  /** `[K, D]` float32 codebook. */
  codebook: tf.Variable;
  /** `[K]` float32 moving-average assignment counts. */
  clusterSize: tf.Variable;
  /** `[K, D]` float32 EMA code sums; required when `ema` is on. */
  codeSum?: tf.Variable | null;
  /** float32 scalar, 1 once the k-means initialization ran; required when `init: 'kmeans'`. */
  initialized?: tf.Variable | null;
}

/** {@link QuantizerVariables} with the optional ones resolved to a variable or `null`. */
export interface ResolvedQuantizerVariables {
  /** `[K, D]` codebook. */
  codebook: tf.Variable;
  /** `[K]` counts. */
  clusterSize: tf.Variable;
  /** `[K, D]` EMA sums, or `null` without EMA. */
  codeSum: tf.Variable | null;
  /** Scalar k-means flag, or `null` without k-means initialization. */
  initialized: tf.Variable | null;
}

/**
 * New variables for `options`: the codebook uniform in `[−1/K, 1/K]` (seeded; trainable
 * unless EMA), counts of 1, EMA sums equal to the codebook (one pseudo-vector per code,
 * consistent with the counts) and a k-means flag of 0. The caller owns them.
 */
export function createQuantizerVariables(
  options: ResolvedQuantizerOptions,
): ResolvedQuantizerVariables {
  const { numCodes: k, codeDim: d, ema, init, seed } = options;
  const start = tf.randomUniform([k, d], -1 / k, 1 / k, 'float32', seed);
  const variables = {
    codebook: tf.variable(start, ema === null),
    clusterSize: ownedVariable(tf.ones([k])),
    codeSum: ema ? tf.variable(start, false) : null,
    initialized: init === 'kmeans' ? ownedVariable(tf.scalar(0)) : null,
  };
  start.dispose();
  return variables;
}

/**
 * Checks adopted variables against `options`.
 *
 * @throws QuantizerError `QUANTIZER_BAD_SHAPE` naming the variable, its shape and the expected one.
 */
export function adoptQuantizerVariables(
  options: ResolvedQuantizerOptions,
  variables: QuantizerVariables,
): ResolvedQuantizerVariables {
  const { numCodes: k, codeDim: d, ema, init } = options;
  return {
    codebook: checkVariable('codebook', variables.codebook, [k, d]),
    clusterSize: checkVariable('clusterSize', variables.clusterSize, [k]),
    codeSum: ema ? checkVariable('codeSum', variables.codeSum, [k, d]) : null,
    initialized: init === 'kmeans' ? checkVariable('initialized', variables.initialized, []) : null,
  };
}

function ownedVariable(initial: tf.Tensor): tf.Variable {
  const v = tf.variable(initial, false);
  initial.dispose();
  return v;
}

function checkVariable(
  field: string,
  v: tf.Variable | null | undefined,
  shape: readonly number[],
): tf.Variable {
  if (!v || v.rank !== shape.length || v.shape.some((s, i) => s !== shape[i])) {
    throw new QuantizerError(
      'QUANTIZER_BAD_SHAPE',
      `VectorQuantizer: adopted variable ${field} must have shape [${shape.join(',')}], got ${
        v ? `[${v.shape.join(',')}]` : String(v)
      }.`,
    );
  }
  return v;
}
