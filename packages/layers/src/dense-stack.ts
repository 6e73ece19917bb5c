import * as tfl from '@tensorflow/tfjs-layers';
import type { Activation } from './activation.js';
import { SeededDropout } from './seeded-dropout.js';

/** Options of {@link denseStack}. */
export interface DenseStackOptions {
  /** Widths of the layers, in order. May be empty (then the input is returned). */
  hidden: readonly number[];
  /** Activation after each layer. */
  activation: Activation;
  /** Seed of the initializers (and of the dropout masks). */
  seed: number;
  /**
   * Batch normalization between each dense layer and its activation; default `false`.
   * The dense layers then have no bias (the normalization's offset replaces it).
   */
  batchNorm?: boolean;
  /** Dropout rate after each activation, in [0, 1); default 0 (no dropout layer). */
  dropout?: number;
  /** Prefix of the layer names; default `'dense'` (`dense_0`, `bn_dense_0`, …). */
  name?: string;
}

/**
 * Applies dense layers of the given widths in turn (names `dense_0`, `dense_1`, …),
 * each with a Glorot-uniform initializer seeded from `seed`, optionally followed by
 * batch normalization (`bn_dense_i`, before the activation `act_dense_i`) and seeded
 * dropout (`dropout_dense_i`, see {@link SeededDropout}). Shared by the dense and
 * convolutional encoders and decoders; also handy in custom networks. Arguments are
 * assumed checked (see `checkWidths`, `checkRate`).
 */
export function denseStack(
  input: tfl.SymbolicTensor,
  options: DenseStackOptions,
): tfl.SymbolicTensor {
  const prefix = options.name ?? 'dense';
  const batchNorm = options.batchNorm ?? false;
  const rate = options.dropout ?? 0;
  let h = input;
  options.hidden.forEach((units, i) => {
    const name = `${prefix}_${i}`;
    h = tfl.layers
      .dense({
        units,
        activation: batchNorm ? 'linear' : options.activation,
        useBias: !batchNorm,
        name,
        kernelInitializer: tfl.initializers.glorotUniform({ seed: options.seed + 10 * (i + 1) }),
      })
      .apply(h) as tfl.SymbolicTensor;
    if (batchNorm) {
      h = tfl.layers.batchNormalization({ name: `bn_${name}` }).apply(h) as tfl.SymbolicTensor;
      h = tfl.layers
        .activation({ activation: options.activation, name: `act_${name}` })
        .apply(h) as tfl.SymbolicTensor;
    }
    if (rate > 0) {
      // Layers' mask streams start a million calls apart (call k of a layer uses its seed + k).
      const seed = options.seed * 7919 + 1_000_003 * (i + 1);
      h = new SeededDropout({ rate, seed, name: `dropout_${name}` }).apply(h) as tfl.SymbolicTensor;
    }
  });
  return h;
}
