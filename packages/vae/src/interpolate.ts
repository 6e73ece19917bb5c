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
 * Throws `MODEL_BAD_INPUT` when the float tensor `x` holds NaN or ±Infinity, naming `name`,
 * the first such value and its example. One reduction and one scalar read on the good path;
 * the values are read only to word the error.
 */
export function checkFinite(
  where: string,
  name: string,
  x: tf.Tensor,
  advice = 'Pass finite numbers (pixels in [0, 1]).',
): void {
  if (x.size === 0 || x.dtype !== 'float32') return;
  const all = tf.tidy(() => tf.all(tf.isFinite(x)));
  const ok = all.dataSync()[0] === 1;
  all.dispose();
  if (ok) return;
  const values = x.dataSync();
  const perExample = x.rank > 0 ? x.size / (x.shape[0] as number) : x.size;
  let bad = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i] as number)) {
      bad += 1;
      if (first < 0) first = i;
    }
  }
  const at = Math.floor(first / perExample);
  throw new ModelError(
    'MODEL_BAD_INPUT',
    `${where}: ${name} holds ${values[first]} at example ${at} (value ${first - at * perExample} of ${perExample}); ${bad} of its ${values.length} values are not finite. ${advice}`,
  );
}

/**
 * The checks of a batch given to `lossTerms`: it must hold at least one example, and, outside
 * training steps, only finite values (a training step leaves that to the trainer's check of
 * the loss, so that no step waits on a read-back).
 */
export function checkBatch(
  where: string,
  batch: { x: tf.Tensor; input?: tf.Tensor },
  training: boolean,
): void {
  if (batch.x.shape[0] === 0) {
    throw new ModelError(
      'MODEL_BAD_INPUT',
      `${where}: batch.x holds no examples (shape [${batch.x.shape.join(', ')}]); a loss is a mean over at least one example.`,
    );
  }
  if (training) return;
  checkFinite(where, 'batch.x', batch.x);
  if (batch.input !== undefined) checkFinite(where, 'batch.input', batch.input);
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
