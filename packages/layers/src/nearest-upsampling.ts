/**
 * Nearest-neighbour upsampling with its own gradient.
 *
 * tfjs-layers' `UpSampling2D` differentiates through the backend kernel
 * `ResizeNearestNeighborGrad`, which stock tfjs-backend-cpu 4.22 gets wrong for every batch
 * element after the first (it reads dy at the input's batch offset): a decoder trained on
 * stock cpu learns from wrong gradients. This layer has the same forward value (the
 * `ResizeNearestNeighbor` kernel) and a gradient written with reshapes and sums only, which
 * are right on every backend: each input pixel receives the sum of the dy of the `sh × sw`
 * block it was copied to.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkPositiveInt } from './network-checks.js';

/** Arguments of {@link NearestUpsampling2D}. */
export interface NearestUpsampling2DArgs {
  /** Factors `[rows, columns]`, positive integers; default `[2, 2]`. */
  size?: [number, number];
  /** Name of the layer. */
  name?: string;
}

/** dy `[b, h·sh, w·sw, c]` → `[b, h, w, c]`: the sum of each `sh × sw` block. */
function blockSums(dy: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  const [b, rows, cols, c] = dy.shape;
  const h = rows / sh;
  const w = cols / sw;
  // Rows first: [b·h, sh, w·sw·c] summed over sh; then columns: [b·h·w, sw, c] over sw.
  const r = tf.sum(tf.reshape(dy, [b * h, sh, cols * c]), 1);
  return tf.reshape(tf.sum(tf.reshape(r, [b * h * w, sw, c]), 1), [b, h, w, c]);
}

const ops = new Map<string, (x: tf.Tensor4D) => tf.Tensor4D>();

/**
 * `x` `[b, h, w, c]` repeated `sh` times along rows and `sw` times along columns, with the
 * block-sum gradient. The caller owns the result.
 */
export function nearestUpsample(x: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  const key = `${sh}x${sw}`;
  let op = ops.get(key);
  if (!op) {
    const custom = tf.customGrad((...args) => {
      const input = args[0] as tf.Tensor4D;
      const [, h, w] = input.shape;
      return {
        value: tf.image.resizeNearestNeighbor(input, [h * sh, w * sw]),
        gradFunc: (dy: tf.Tensor) => blockSums(dy as tf.Tensor4D, sh, sw),
      };
    });
    op = (t) => custom(t) as tf.Tensor4D;
    ops.set(key, op);
  }
  return op(x);
}

/**
 * Nearest-neighbour upsampling of channels-last images (`[batch, h, w, c]` →
 * `[batch, h·sh, w·sw, c]`), the values of tfjs-layers' `upSampling2d`, with a gradient that
 * does not use the backend's `ResizeNearestNeighborGrad` kernel (see the file comment).
 *
 * Registered for serialization under the class name `AeNearestUpsampling2D`: importing
 * `@ae/layers` (or `@ae/decoders`, `@ae/vae`) is enough for `tfl.loadLayersModel` to rebuild
 * models that use it.
 */
export class NearestUpsampling2D extends tfl.layers.Layer {
  /** Serialization name. */
  static className = 'AeNearestUpsampling2D';
  /** Factors `[rows, columns]`. */
  readonly size: [number, number];

  constructor(args: NearestUpsampling2DArgs = {}) {
    super(args.name === undefined ? {} : { name: args.name });
    const size = args.size ?? [2, 2];
    this.size = [
      checkPositiveInt('NearestUpsampling2D', 'size[0]', size[0]),
      checkPositiveInt('NearestUpsampling2D', 'size[1]', size[1]),
    ];
    this.inputSpec = [{ ndim: 4 }];
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const times = (n: number | null, f: number) => (n === null ? null : n * f);
    return [
      s[0] ?? null,
      times(s[1] ?? null, this.size[0]),
      times(s[2] ?? null, this.size[1]),
      s[3] ?? null,
    ];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return nearestUpsample(x, this.size[0], this.size[1]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), size: [...this.size] };
  }
}
tf.serialization.registerClass(NearestUpsampling2D);
