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
import { ENCODER_HEADS, type EncoderHead, encoderHead } from './encoder-head.js';

/** Arguments of {@link denseEncoder}. */
export interface DenseEncoderArgs {
  /** Shape of one input example, e.g. `[28, 28, 1]`; it is flattened first. */
  inputShape: readonly number[];
  /** Widths of the hidden layers, input side first, e.g. `[512]`. May be empty. */
  hidden: readonly number[];
  /** Dimension of the latent code. */
  latentDim: number;
  /**
   * `'gaussian'` (default): two outputs, mean and log-variance, for variational models.
   * `'deterministic'`: one output, the code.
   */
  head?: EncoderHead;
  /** Activation of the hidden layers; default `'relu'`. */
  activation?: Activation;
  /** Activation of the deterministic code layer; default `'linear'`. */
  codeActivation?: Activation;
  /**
   * Batch normalization between each hidden dense layer and its activation; default
   * `false`. Those dense layers then have no bias.
   */
  batchNorm?: boolean;
  /** Dropout rate after each hidden layer's activation, in [0, 1); default 0 (none). */
  dropout?: number;
  /**
   * Number of classes of a conditional encoder. When set, the model has a second input
   * `label` (one-hot, `[batch, numClasses]`) concatenated to the flattened input before
   * the hidden layers; inputs are `[x, label]`.
   */
  numClasses?: number;
  /** Seed of the weight initializers and dropout masks, for reproducible runs; default 0. */
  seed?: number;
  /** Name of the model; default `'encoder'`. */
  name?: string;
}

/**
 * A multilayer-perceptron encoder as a tfjs-layers model.
 *
 * Inputs: `x` `[batch, ...inputShape]` (and `label` `[batch, numClasses]`: pass
 * `[x, label]`). Output: `[mean, logVar]` (each `[batch, latentDim]`) for the Gaussian
 * head, or the code `[batch, latentDim]` for the deterministic one.
 *
 * @example
 * const encoder = denseEncoder({ inputShape: [28, 28, 1], hidden: [512], latentDim: 16 });
 * const [mean, logVar] = encoder.predict(tf.zeros([4, 28, 28, 1])) as tf.Tensor[];
 */
export function denseEncoder(args: DenseEncoderArgs): tfl.LayersModel {
  const where = 'denseEncoder';
  const inputShape = checkWidths(where, 'inputShape', args.inputShape);
  const hidden = checkWidths(where, 'hidden', args.hidden);
  const latentDim = checkPositiveInt(where, 'latentDim', args.latentDim);
  const head = checkOneOf(where, 'head', args.head ?? 'gaussian', ENCODER_HEADS);
  const activation = checkActivation(where, 'activation', args.activation ?? 'relu');
  const codeActivation = checkActivation(where, 'codeActivation', args.codeActivation ?? 'linear');
  const dropout = checkRate(where, 'dropout', args.dropout ?? 0);
  const numClasses = checkNumClasses(where, args.numClasses);
  const seed = args.seed ?? 0;

  const x = tfl.input({ shape: inputShape, name: 'x' });
  let h =
    inputShape.length > 1
      ? (tfl.layers.flatten({ name: 'flatten' }).apply(x) as tfl.SymbolicTensor)
      : x;
  const label = numClasses === undefined ? undefined : labelInput(numClasses);
  if (label) h = concatLabel(h, label);
  h = denseStack(h, { hidden, activation, seed, batchNorm: args.batchNorm ?? false, dropout });
  const outputs = encoderHead(h, { head, latentDim, codeActivation, seed: seed + 7 });
  return tfl.model({ inputs: label ? [x, label] : x, outputs, name: args.name ?? 'encoder' });
}
