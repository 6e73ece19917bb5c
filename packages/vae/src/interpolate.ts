/**
 * Latent interpolation and input checks shared by every model family.
 */

import type { AutoencoderModel, SampleOptions } from '@ae/core';
import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from './model-error.js';

/**
 * Throws `MODEL_BAD_INPUT` unless `x` is `[batch, ...inputShape]`.
 * `where` names the model and method, e.g. `'VAE.encode'`.
 */
export function checkInput(where: string, inputShape: readonly number[], x: tf.Tensor): void {
  if (x.rank !== inputShape.length + 1 || x.shape.slice(1).some((d, i) => d !== inputShape[i])) {
    throw new ModelError(
      'MODEL_BAD_INPUT',
      `${where}: input must have shape [batch, ${inputShape.join(', ')}], got [${x.shape.join(', ')}].`,
    );
  }
}

/**
 * Decodes `steps` points on the straight line between the codes of the single examples
 * `a` and `b`, ends included: `decode((1 − t)·encode(a) + t·encode(b))` for t = 0 … 1.
 * For conditional models, `options.label` is the class of both ends and of every decoded
 * point. The caller owns the result `[steps, ...inputShape]`.
 *
 * @throws ModelError `MODEL_BAD_INPUT` for `steps` < 2 or inputs that are not one example.
 */
export function interpolateCodes(
  model: AutoencoderModel,
  where: string,
  a: tf.Tensor,
  b: tf.Tensor,
  steps: number,
  options: SampleOptions = {},
): tf.Tensor {
  if (!Number.isInteger(steps) || steps < 2) {
    throw new ModelError(
      'MODEL_BAD_INPUT',
      `${where}: steps must be an integer ≥ 2, got ${steps}.`,
    );
  }
  const shape = model.inputShape;
  for (const [name, t] of [
    ['a', a],
    ['b', b],
  ] as const) {
    const ok =
      (t.rank === shape.length && t.shape.every((d, i) => d === shape[i])) ||
      (t.rank === shape.length + 1 &&
        t.shape[0] === 1 &&
        t.shape.slice(1).every((d, i) => d === shape[i]));
    if (!ok) {
      throw new ModelError(
        'MODEL_BAD_INPUT',
        `${where}: ${name} must be one example ([${shape.join(', ')}] or [1, ${shape.join(', ')}]), got [${t.shape.join(', ')}].`,
      );
    }
  }
  return tf.tidy(() => {
    const one = (t: tf.Tensor) => (t.rank === shape.length ? tf.expandDims(t, 0) : t);
    const label = options.label;
    const condition = (n: number) =>
      label === undefined ? {} : { labels: tf.fill([n], label, 'int32') };
    const za = model.encode(one(a), condition(1));
    const zb = model.encode(one(b), condition(1));
    const t = tf.reshape(tf.linspace(0, 1, steps), [steps, 1]);
    return model.decode(tf.add(za, tf.mul(t, tf.sub(zb, za))), condition(steps));
  });
}
