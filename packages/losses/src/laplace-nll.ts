/**
 * Laplace negative log-likelihood (an L1 reconstruction loss with a scale), with a fixed
 * or a learned (per-element) scale.
 */

import { describeValue } from '@ae/core';
import * as tf from '@tensorflow/tfjs-core';
import { absoluteValue } from './absolute-value.js';
import { LossError } from './loss-error.js';
import type { LossOptions } from './loss-function.js';
import { checkBoolean, checkNumber } from './option-check.js';
import { reduceUnchecked } from './reduction.js';
import { assertSameShape, checkLossInputs } from './shape-check.js';

/** Options of {@link laplaceNll}. Give at most one of `scale` and `logScale`. */
export interface LaplaceNllOptions extends LossOptions {
  /**
   * Fixed scale b of every element (a number > 0; the standard deviation is `b·√2`).
   * Default 1 when `logScale` is not given. With `scale: 1` and `includeConstant: false`
   * the loss is `|t − μ|`.
   */
  scale?: number;
  /**
   * Learned log-scale `log b` per element, the same shape as `location`; gradients flow
   * into it. Values below about −87 overflow `exp(−logScale)` in float32.
   */
  logScale?: tf.Tensor;
  /**
   * Whether to add the constant `log 2` per element. Default `true` (the full negative
   * log-density in nats). Set `false` to drop it (gradients are the same).
   */
  includeConstant?: boolean;
}

/**
 * Laplace negative log-likelihood of `target` under `Laplace(location, b)`, per element:
 *
 * `ℓ(t, μ, b) = log 2 + log b + |t − μ| / b`
 *
 * with b either the fixed number `scale` (default 1) or `exp(logScale)` per element.
 * Gradients: `∂/∂μ = sign(μ − t)/b`, which is 0 at an exact fit `t = μ`;
 * `∂/∂logScale = 1 − |t − μ|/b`. For a plain L1 error with the Keras reduction use
 * {@link meanAbsoluteError}.
 *
 * @param target Observed values, shape `[batch, ...]`. Any dtype; cast to float32.
 * @param location Predicted locations (medians) μ, the same shape as `target`.
 * @param options `scale` or `logScale`; `includeConstant`, default `true`; `reduction`,
 *   default `'batch-mean'` (sum over features, mean over the batch — the VAE convention).
 * @returns The reduced loss, a new tensor owned by the caller. Inputs are not disposed.
 * @throws LossError `LOSS_SHAPE_MISMATCH` (`target`, `location`, `logScale`),
 *   `LOSS_BAD_REDUCTION`, `LOSS_BAD_RANK`, `LOSS_BAD_OPTION` (scale not > 0, both `scale`
 *   and `logScale`, `includeConstant` not a boolean).
 */
export function laplaceNll(
  target: tf.Tensor,
  location: tf.Tensor,
  options: LaplaceNllOptions = {},
): tf.Tensor {
  const { reduction = 'batch-mean', scale, logScale, includeConstant = true } = options;
  const caller = 'laplaceNll';
  checkLossInputs(caller, 'target', target, 'location', location, reduction);
  if (logScale !== undefined) {
    if (scale !== undefined) {
      throw new LossError(
        'LOSS_BAD_OPTION',
        `${caller}: both scale (${describeValue(scale)}) and logScale were given; pass scale ` +
          'for a fixed scale or logScale for a learned one, not both.',
      );
    }
    assertSameShape(caller, 'location', location, 'logScale', logScale);
  } else if (scale !== undefined) {
    checkNumber(caller, 'scale', scale, 'positive', 'the fixed Laplace scale b, e.g. 1');
  }
  checkBoolean(caller, 'includeConstant', includeConstant);
  const constant = includeConstant ? Math.LN2 : 0;
  return tf.tidy(() => {
    const error = absoluteValue(tf.sub(tf.cast(target, 'float32'), tf.cast(location, 'float32')));
    let values: tf.Tensor;
    if (logScale === undefined) {
      const b = scale ?? 1;
      const offset = constant + Math.log(b);
      const scaled = b === 1 ? error : tf.mul(error, 1 / b);
      values = offset === 0 ? scaled : tf.add(scaled, offset);
    } else {
      const ls = tf.cast(logScale, 'float32');
      values = tf.add(ls, tf.mul(error, tf.exp(tf.neg(ls))));
      if (constant !== 0) values = tf.add(values, constant);
    }
    return reduceUnchecked(values, reduction);
  });
}
