/**
 * 2×2 max pooling with stride 2, with a gradient that is right on every backend.
 *
 * tfjs-layers' `MaxPooling2D` differentiates through the backend kernel `MaxPoolGrad`.
 * Stock tfjs-backend-wasm 4.22 starts that kernel's running maximum at the smallest positive
 * float instead of −∞, so a window whose values are all ≤ 0 sends its gradient to the wrong
 * pixel, and ties go to the last maximum instead of the first. An encoder that pools after
 * `tanh` or a linear layer, trained on stock wasm, learns from wrong gradients.
 *
 * This layer has the same forward value (`tf.maxPool`). Its gradient runs the backend's
 * `MaxPoolGrad` only after a one-time check of that kernel (per registered kernel function:
 * a window of negative values and a tie) gave the right answer, as tfjs cpu's and
 * `@ae/backend`'s replacement do; otherwise it routes dy with element-wise ops to the first
 * maximum of each window.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Padding } from './conv-shape.js';
import { NetworkError } from './network-error.js';

/** Padding of the pooling: `'valid'` drops a last odd row/column, `'same'` keeps it. */
type PoolPadding = Padding;

/** Arguments of {@link MaxPooling2x2}. */
export interface MaxPooling2x2Args {
  /** `'valid'` (default) or `'same'`, as tfjs-layers' `maxPooling2d`. */
  padding?: PoolPadding;
  /** Name of the layer. */
  name?: string;
}

/** The verdict on each registered `MaxPoolGrad` kernel function. */
const verdicts = new WeakMap<object, boolean>();

/**
 * Whether the active backend's `MaxPoolGrad` kernel routes a window of negative values and a
 * tie to the first maximum (checked once per kernel function).
 */
export function maxPoolGradKernelIsRight(): boolean {
  const kernel = tf.getKernel('MaxPoolGrad', tf.getBackend());
  if (kernel === undefined) return false;
  const known = verdicts.get(kernel.kernelFunc);
  if (known !== undefined) return known;
  const right = tf.tidy(() => {
    // Window 1: all negative, maximum −1 at position 1. Window 2: a tie of 5s at 1 and 2.
    const input = tf.tensor4d([-3, -1, -2, -4, 2, 5, 5, 1], [2, 2, 2, 1]);
    const output = tf.maxPool(input, 2, 2, 'valid');
    const dy = tf.ones([2, 1, 1, 1]);
    const dx = tf
      .engine()
      .runKernel(
        'MaxPoolGrad',
        { dy, input, output },
        { filterSize: [2, 2], strides: [2, 2], pad: 'valid' },
      ) as tf.Tensor;
    const got = dx.dataSync();
    return [0, 1, 0, 0, 0, 1, 0, 0].every((v, i) => got[i] === v);
  });
  verdicts.set(kernel.kernelFunc, right);
  return right;
}

/**
 * The gradient of 2×2 / stride-2 max pooling with element-wise ops only: each dy goes to the
 * first maximum of its window (row-major), as in TensorFlow and tfjs cpu.
 */
export function routeMaxPoolGrad(
  dy: tf.Tensor4D,
  x: tf.Tensor4D,
  y: tf.Tensor4D,
  padding: PoolPadding,
): tf.Tensor4D {
  return tf.tidy((): tf.Tensor4D => {
    const [b, h, w, c] = x.shape;
    const [, ho, wo] = y.shape;
    // The windows tile [2·ho, 2·wo]: crop a dropped row/column ('valid'), or pad −∞ ('same').
    const xt =
      padding === 'valid'
        ? tf.slice(x, [0, 0, 0, 0], [b, 2 * ho, 2 * wo, c])
        : tf.pad(
            x,
            [
              [0, 0],
              [0, 2 * ho - h],
              [0, 2 * wo - w],
              [0, 0],
            ],
            Number.NEGATIVE_INFINITY,
          );
    // [b, ho, 2, wo, 2, c] → [b, ho, wo, c, 4]: the four values of each window last.
    const windows = tf.reshape(
      tf.transpose(tf.reshape(xt, [b, ho, 2, wo, 2, c]), [0, 1, 3, 5, 2, 4]),
      [b, ho, wo, c, 4],
    );
    const isMax = tf.cast(tf.equal(windows, tf.reshape(y, [b, ho, wo, c, 1])), 'float32');
    // The first maximum: a maximum with no maximum before it in the window.
    const first = tf.mul(isMax, tf.cast(tf.equal(tf.cumsum(isMax, 4), 1), 'float32'));
    const routed = tf.mul(first, tf.reshape(dy, [b, ho, wo, c, 1]));
    const tiled = tf.reshape(
      tf.transpose(tf.reshape(routed, [b, ho, wo, c, 2, 2]), [0, 1, 4, 2, 5, 3]),
      [b, 2 * ho, 2 * wo, c],
    ) as tf.Tensor4D;
    return padding === 'valid'
      ? tf.pad(tiled, [
          [0, 0],
          [0, h - 2 * ho],
          [0, w - 2 * wo],
          [0, 0],
        ])
      : tf.slice(tiled, [0, 0, 0, 0], [b, h, w, c]);
  });
}

const ops = new Map<PoolPadding, (x: tf.Tensor4D) => tf.Tensor4D>();

/** `tf.maxPool(x, 2, 2, padding)` with the gradient described in the file comment. */
export function maxPool2x2(x: tf.Tensor4D, padding: PoolPadding): tf.Tensor4D {
  let op = ops.get(padding);
  if (!op) {
    const custom = tf.customGrad((...args) => {
      const input = args[0] as tf.Tensor4D;
      const save = args[args.length - 1] as tf.GradSaveFunc;
      const value = tf.maxPool(input, 2, 2, padding);
      save([input, value]);
      return {
        value,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [xs, ys] = saved as [tf.Tensor4D, tf.Tensor4D];
          if (maxPoolGradKernelIsRight()) {
            return tf
              .engine()
              .runKernel(
                'MaxPoolGrad',
                { dy, input: xs, output: ys },
                { filterSize: [2, 2], strides: [2, 2], pad: padding },
              ) as tf.Tensor;
          }
          return routeMaxPoolGrad(dy as tf.Tensor4D, xs, ys, padding);
        },
      };
    });
    op = (t) => custom(t) as tf.Tensor4D;
    ops.set(padding, op);
  }
  return op(x);
}

/**
 * 2×2 max pooling with stride 2 of channels-last images (`[batch, h, w, c]`), the values of
 * tfjs-layers' `maxPooling2d({ poolSize: 2, strides: 2 })`, with a gradient that is right on
 * every backend (see the file comment).
 *
 * Registered for serialization under the class name `AeMaxPooling2D`: importing `@ae/layers`
 * (or `@ae/encoders`, `@ae/vae`) is enough for `tfl.loadLayersModel` to rebuild models that
 * use it.
 */
export class MaxPooling2x2 extends tfl.layers.Layer {
  /** Serialization name. */
  static className = 'AeMaxPooling2D';
  /** `'valid'` or `'same'`. */
  readonly padding: PoolPadding;

  constructor(args: MaxPooling2x2Args = {}) {
    super(args.name === undefined ? {} : { name: args.name });
    const padding = args.padding ?? 'valid';
    if (padding !== 'valid' && padding !== 'same') {
      throw new NetworkError(
        'NETWORK_BAD_ARGUMENT',
        `MaxPooling2x2: padding must be 'valid' or 'same', got ${JSON.stringify(padding)}.`,
      );
    }
    this.padding = padding;
    this.inputSpec = [{ ndim: 4 }];
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const half = (n: number | null) =>
      n === null ? null : this.padding === 'valid' ? Math.floor(n / 2) : Math.ceil(n / 2);
    return [s[0] ?? null, half(s[1] ?? null), half(s[2] ?? null), s[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return maxPool2x2(x, this.padding);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), padding: this.padding };
  }
}
tf.serialization.registerClass(MaxPooling2x2);
