/**
 * Class labels of the conditional Gaussian-latent models: checks and the one-hot input.
 * `classes` is the model's number of classes, undefined for an unconditional model.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from './model-error.js';

/**
 * Throws `MODEL_BAD_INPUT` unless `labels` (the argument called `field`) are `[n]`; does
 * nothing for an unconditional model, which ignores labels. Label values are not read
 * (that would stall the pipeline): values outside [0, classes) give an all-zero one-hot.
 */
export function checkLabels(
  where: string,
  field: string,
  classes: number | undefined,
  labels: tf.Tensor | undefined,
  n: number,
): void {
  if (classes === undefined) return;
  const want = `integer class labels of shape [${n}] in [0, ${classes})`;
  if (labels === undefined) {
    throw new ModelError('MODEL_BAD_INPUT', `${where}: ${field} is required: ${want}.`);
  }
  if (labels.rank !== 1 || labels.shape[0] !== n) {
    throw new ModelError(
      'MODEL_BAD_INPUT',
      `${where}: ${field} must be ${want}, got shape [${labels.shape.join(', ')}].`,
    );
  }
}

/**
 * Throws `MODEL_BAD_INPUT` unless the `label` option of `sample` / `interpolate` suits
 * the model: absent without classes, an integer in [0, classes) with them.
 */
export function checkLabelOption(
  where: string,
  classes: number | undefined,
  label: number | undefined,
): void {
  if (classes === undefined) {
    if (label !== undefined) {
      throw new ModelError(
        'MODEL_BAD_INPUT',
        `${where}: label ${label} was given, but this model has no classes; use a ConditionalVAE to condition on labels.`,
      );
    }
  } else if (label === undefined || !Number.isInteger(label) || label < 0 || label >= classes) {
    throw new ModelError(
      'MODEL_BAD_INPUT',
      `${where}: label must be an integer in [0, ${classes}), got ${String(label)}.`,
    );
  }
}

/**
 * The one-hot float labels `[n, classes]` the networks take, or undefined for an
 * unconditional model. The caller owns the tensor.
 *
 * Built as `relu(1 − |label − j|)` over `j = 0 … classes − 1` rather than with `tf.oneHot`:
 * stock tfjs-backend-wasm 4.22's `OneHot` ignores the float32 dtype (its ones read as
 * 1.4e-45), which silently removes the label from a conditional model on that backend.
 */
export function oneHotLabels(
  classes: number | undefined,
  labels: tf.Tensor | undefined,
): tf.Tensor | undefined {
  if (classes === undefined || labels === undefined) return undefined;
  return tf.tidy(() => {
    const column = tf.reshape(tf.cast(tf.cast(labels, 'int32'), 'float32'), [-1, 1]);
    return tf.relu(tf.sub(1, tf.abs(tf.sub(column, tf.range(0, classes, 1, 'float32')))));
  });
}
