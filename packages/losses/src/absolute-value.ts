/**
 * `|x|` with the gradient `sign(x)`, 0 at `x = 0` (internal: not exported from the package
 * index).
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * `|x|` computed as `x · sign(x)`. Its gradient is `sign(x)` (the gradient of `sign` is 0),
 * which is 0 where `x = 0`. `tf.abs` has the gradient −1 at 0 in tfjs, which would push an
 * L1 loss away from an exact fit (a ReLU output equal to a 0 target) and an L1 activity
 * penalty to grow activations that are exactly 0. Call inside `tf.tidy`.
 */
export function absoluteValue(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sign(x));
}
