import { checkModelShapes, NetworkError } from '@ae/layers';
import type * as tfl from '@tensorflow/tfjs-layers';

/** Arguments of {@link checkDecoder}. Give exactly one of `latentDim` and `inputShape`. */
export interface CheckDecoderArgs {
  /** Dimension of a vector code: the model must take `[null, latentDim]`. */
  latentDim?: number;
  /** Shape of a feature-map code: the model must take `[null, ...inputShape]`. */
  inputShape?: readonly number[];
  /** Shape of one output example: the model must output `[null, ...outputShape]`. */
  outputShape: readonly number[];
  /** When set, the model must take a second input `[null, numClasses]` (the label). */
  numClasses?: number;
  /** What messages start with, e.g. `'VAE'`; default `'checkDecoder'`. */
  context?: string;
}

/**
 * Checks that a tfjs-layers model can serve as a decoder: input `[null, latentDim]` or
 * `[null, ...inputShape]` (plus `[null, numClasses]` for a conditional one) and one
 * output `[null, ...outputShape]` (logits, for the models of `@ae/vae`). Throws a
 * `NetworkError` `NETWORK_BAD_MODEL` with the expected and actual shapes.
 *
 * @example
 * checkDecoder(myDecoder, { latentDim: 16, outputShape: [28, 28, 1] });
 */
export function checkDecoder(model: tfl.LayersModel, args: CheckDecoderArgs): void {
  const context = args.context ?? 'checkDecoder';
  if ((args.latentDim === undefined) === (args.inputShape === undefined)) {
    throw new NetworkError(
      'NETWORK_BAD_ARGUMENT',
      `${context}: give exactly one of latentDim and inputShape to check a decoder, got latentDim ${JSON.stringify(args.latentDim)} and inputShape ${JSON.stringify(args.inputShape)}.`,
    );
  }
  const code = args.latentDim === undefined ? (args.inputShape ?? []) : [args.latentDim];
  const inputs: (number | null)[][] = [[null, ...code]];
  if (args.numClasses !== undefined) inputs.push([null, args.numClasses]);
  checkModelShapes(model, 'decoder', context, {
    inputs,
    outputs: [[null, ...args.outputShape]],
    outputNames: 'one tensor',
  });
}
