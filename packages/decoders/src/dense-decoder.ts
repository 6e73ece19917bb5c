import {
  type Activation,
  checkActivation,
  checkNumClasses,
  checkOneOf,
  checkPositiveInt,
  checkRate,
  checkWidths,
  concatLabel,
  denseStack,
  labelInput,
} from '@ae/layers';
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
  /**
   * Batch normalization between each hidden layer and its activation (not on the
   * output); default `false`. Those hidden layers then have no bias.
   */
  batchNorm?: boolean;
  /** Dropout rate after each hidden layer's activation, in [0, 1); default 0 (none). */
  dropout?: number;
  /**
   * Number of classes of a conditional decoder. When set, the model has a second input
   * `label` (one-hot, `[batch, numClasses]`) concatenated to `z`; inputs are `[z, label]`.
   */
  numClasses?: number;
  /** Seed of the weight initializers and dropout masks, for reproducible runs; default 0. */
  seed?: number;
  /** Name of the model; default `'decoder'`. */
  name?: string;
}

/**
 * A multilayer-perceptron decoder as a tfjs-layers model.
 *
 * Inputs: `z` `[batch, latentDim]` (and `label` `[batch, numClasses]`: pass `[z, label]`).
 * Output `[batch, ...outputShape]`.
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
  const outputActivation = checkOneOf(
    where,
    'outputActivation',
    args.outputActivation ?? 'linear',
    ['linear', 'sigmoid'] as const,
  );
  const dropout = checkRate(where, 'dropout', args.dropout ?? 0);
  const numClasses = checkNumClasses(where, args.numClasses);
  const seed = args.seed ?? 0;
  const outputSize = outputShape.reduce((a, b) => a * b, 1);

  const z = tfl.input({ shape: [latentDim], name: 'z' });
  const label = numClasses === undefined ? undefined : labelInput(numClasses);
  let h = label ? concatLabel(z, label) : z;
  h = denseStack(h, { hidden, activation, seed, batchNorm: args.batchNorm ?? false, dropout });
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
  return tfl.model({ inputs: label ? [z, label] : z, outputs: h, name: args.name ?? 'decoder' });
}
