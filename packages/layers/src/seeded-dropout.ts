import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Arguments of {@link SeededDropout}. */
export interface SeededDropoutArgs {
  /** Fraction of the inputs set to zero during training, in [0, 1). */
  rate: number;
  /** Seed of the first mask; call `k` (counting from 0) of this layer object uses `seed + k`. */
  seed: number;
  /** Name of the layer. */
  name?: string;
}

/**
 * Inverted dropout whose masks are reproducible and still differ from step to step.
 *
 * In training (`apply(x, { training: true })`) each element is zeroed with probability
 * `rate` and the rest are scaled by `1 / (1 − rate)`; at inference the layer is the
 * identity. tfjs-layers' own `dropout` layer draws either an unseeded mask (not
 * reproducible) or, given a seed, the same mask at every step; this layer seeds call
 * `k` with `seed + k`. The call counter lives in the layer object: a reloaded model
 * starts again from `seed`.
 *
 * Registered for serialization under the class name `AeSeededDropout`: importing
 * `@ae/layers` (or a package that uses it, such as `@ae/encoders`) is enough for
 * `tfl.loadLayersModel` to rebuild models that use it.
 */
export class SeededDropout extends tfl.layers.Layer {
  /** Serialization name. */
  static className = 'AeSeededDropout';
  /** Fraction of the inputs dropped in training. */
  readonly rate: number;
  /** Seed of the first training call. */
  readonly seed: number;
  /**
   * Training calls so far: call `k` uses seed `seed + k`. Saved with training checkpoints
   * (restore it to resume exactly).
   */
  calls = 0;

  constructor(args: SeededDropoutArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    this.rate = args.rate;
    this.seed = args.seed;
    this.supportsMasking = true;
  }

  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: { training?: boolean; [key: string]: unknown },
  ): tf.Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    if (kwargs.training !== true || this.rate === 0) return x;
    const seed = this.seed + this.calls;
    this.calls += 1;
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, seed));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);
