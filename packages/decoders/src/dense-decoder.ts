import {
  type Activation,
  checkActivation,
  checkPositiveInt,
  checkWidths,
  denseStack,
  NetworkError,
} from '@ae/encoders';
import * as tfl from '@tensorflow/tfjs-layers';

/** Arguments of {@link denseDecoder}. */
export interface DenseDecoderArgs {
  /** Dimension of the latent code (the input). */
  latentDim: number;
  /** Widths of the hidden layers, latent side first, e.g. `[512]`. May be empty. */
  hidden: readonly number[];
  /** Shape of one output example, e.g. `[28, 28, 1]`. */
  outputShape: readonly number[];
  /** Activation of the hidden layers; default `'relu'`. */
  activation?: Activation;
  /**
   * Activation of the output layer. `'linear'` (default) gives logits, the input
   * of a Bernoulli likelihood with logits (`binaryCrossEntropyWithLogits`) or the
   * mean of a Gaussian one; `'sigmoid'` gives probabilities in (0, 1).
   */
  outputActivation?: 'linear' | 'sigmoid';
  /** Seed of the weight initializers, for reproducible runs; default 0. */
  seed?: number;
  /** Name of the model; default `'decoder'`. */
  name?: string;
}

/**
 * A multilayer-perceptron decoder as a tfjs-layers model.
 *
 * Input `[batch, latentDim]`; output `[batch, ...outputShape]`.
 *
 * @example
 * const decoder = denseDecoder({ latentDim: 16, hidden: [512], outputShape: [28, 28, 1] });
 * const logits = decoder.predict(tf.zeros([4, 16])) as tf.Tensor; // [4, 28, 28, 1]
 */
export function denseDecoder(args: DenseDecoderArgs): tfl.LayersModel {
  const where = 'denseDecoder';
  const latentDim = checkPositiveInt(where, 'latentDim', args.latentDim);
  const hidden = checkWidths(where, 'hidden', args.hidden);
  const outputShape = checkWidths(where, 'outputShape', args.outputShape);
  const activation = checkActivation(where, 'activation', args.activation ?? 'relu');
  const outputActivation = args.outputActivation ?? 'linear';
  if (outputActivation !== 'linear' && outputActivation !== 'sigmoid') {
    throw new NetworkError(
      'NETWORK_BAD_ARGUMENT',
      `${where}: outputActivation must be 'linear' or 'sigmoid', got ${JSON.stringify(outputActivation)}.`,
    );
  }
  const seed = args.seed ?? 0;
  const outputSize = outputShape.reduce((a, b) => a * b, 1);

  const input = tfl.input({ shape: [latentDim], name: 'z' });
  let h = denseStack(input, { hidden, activation, seed });
  h = tfl.layers
    .dense({
      units: outputSize,
      activation: outputActivation,
      name: 'output',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 7 }),
    })
    .apply(h) as tfl.SymbolicTensor;
  if (outputShape.length > 1) {
    h = tfl.layers
      .reshape({ targetShape: outputShape, name: 'reshape' })
      .apply(h) as tfl.SymbolicTensor;
  }
  return tfl.model({ inputs: input, outputs: h, name: args.name ?? 'decoder' });
}
