import * as tfl from '@tensorflow/tfjs-layers';
import type { Activation } from './activation.js';
import { checkActivation, denseStack } from './dense-stack.js';
import { gaussianHead } from './gaussian-head.js';
import { checkPositiveInt, checkWidths, NetworkError } from './network-error.js';

/** What an encoder outputs. */
export type EncoderHead = 'gaussian' | 'deterministic';

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
  /** Seed of the weight initializers, for reproducible runs; default 0. */
  seed?: number;
  /** Name of the model; default `'encoder'`. */
  name?: string;
}

/**
 * A multilayer-perceptron encoder as a tfjs-layers model.
 *
 * Input `[batch, ...inputShape]`; output `[mean, logVar]` (each `[batch, latentDim]`)
 * for the Gaussian head, or the code `[batch, latentDim]` for the deterministic one.
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
  const head = args.head ?? 'gaussian';
  if (head !== 'gaussian' && head !== 'deterministic') {
    throw new NetworkError(
      'NETWORK_BAD_ARGUMENT',
      `${where}: head must be 'gaussian' or 'deterministic', got ${JSON.stringify(head)}.`,
    );
  }
  const activation = checkActivation(where, 'activation', args.activation ?? 'relu');
  const seed = args.seed ?? 0;

  const input = tfl.input({ shape: inputShape, name: 'x' });
  const flat =
    inputShape.length > 1
      ? (tfl.layers.flatten({ name: 'flatten' }).apply(input) as tfl.SymbolicTensor)
      : input;
  const h = denseStack(flat, { hidden, activation, seed });
  const outputs =
    head === 'gaussian'
      ? gaussianHead(h, { latentDim, seed: seed + 7 })
      : [
          tfl.layers
            .dense({
              units: latentDim,
              name: 'code',
              kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 7 }),
            })
            .apply(h) as tfl.SymbolicTensor,
        ];
  return tfl.model({ inputs: input, outputs, name: args.name ?? 'encoder' });
}
