/**
 * Gradient surgery that tfjs lacks as ops: stop-gradient and the straight-through estimator,
 * both written with `tf.customGrad`.
 */
import * as tf from '@tensorflow/tfjs-core';

const stopGradientOp = tf.customGrad((...args) => ({
  value: tf.clone(args[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

/**
 * `sg(x)`: the value of `x`, with zero gradient (the `stop_gradient` / `detach` of other
 * frameworks).
 *
 * @param x Any float tensor.
 * @returns A copy of `x` owned by the caller; gradients do not flow through it.
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return stopGradientOp(x) as T;
}

// Inputs (x, q): the value is q, the gradient goes to x.
const straightThroughOp = tf.customGrad((...args) => ({
  value: tf.clone(args[1] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => [dy, tf.zerosLike(dy)],
}));

/**
 * The straight-through estimator `x + sg(q − x)`: the forward value is `q`, the gradient goes
 * to `x` unchanged (and none to `q`), so the encoder learns through the non-differentiable
 * nearest-code step as if it were the identity.
 *
 * Written as one custom-gradient op rather than the sum, so the value is exactly `q` (the sum
 * `x + (q − x)` is off by a float32 rounding).
 *
 * @param x Encoder outputs.
 * @param q Their quantized values, same shape as `x`.
 * @returns A tensor equal to `q`, owned by the caller.
 */
export function straightThrough<T extends tf.Tensor>(x: T, q: T): T {
  return straightThroughOp(x, q) as T;
}
