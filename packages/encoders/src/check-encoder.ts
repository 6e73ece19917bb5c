import { checkModelShapes, NetworkError } from '@ae/layers';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ConvEncoderHead } from './conv-encoder.js';

/** Arguments of {@link checkEncoder}. */
export interface CheckEncoderArgs {
  /** Shape of one input example, e.g. `[28, 28, 1]`. */
  inputShape: readonly number[];
  /** The outputs the model must have (see `convEncoder`); default `'gaussian'`. */
  head?: ConvEncoderHead;
  /** Dimension of the code; needed for the `'gaussian'` and `'deterministic'` heads. */
  latentDim?: number;
  /** Shape of one code `[h, w, c]`; needed for the `'feature-map'` head. */
  codeShape?: readonly number[];
  /** When set, the model must take a second input `[batch, numClasses]` (the label). */
  numClasses?: number;
  /** What messages start with, e.g. `'VAE'`; default `'checkEncoder'`. */
  context?: string;
}

/**
 * Checks that a tfjs-layers model can serve as an encoder: input `[null, ...inputShape]`
 * (plus `[null, numClasses]` for a conditional one), and outputs `[mean, logVar]`
 * (`[null, latentDim]` each), `[code]` or `[featureMap]` (`[null, ...codeShape]`).
 * Throws a {@link NetworkError} `NETWORK_BAD_MODEL` with the expected and actual shapes.
 *
 * @example
 * checkEncoder(myEncoder, { inputShape: [28, 28, 1], latentDim: 16 }); // Gaussian head
 */
export function checkEncoder(model: tfl.LayersModel, args: CheckEncoderArgs): void {
  const context = args.context ?? 'checkEncoder';
  const head = args.head ?? 'gaussian';
  const inputs: (number | null)[][] = [[null, ...args.inputShape]];
  if (args.numClasses !== undefined) inputs.push([null, args.numClasses]);
  let outputs: (number | null)[][];
  let outputNames: string;
  if (head === 'feature-map') {
    if (args.codeShape === undefined) {
      throw new NetworkError(
        'NETWORK_BAD_ARGUMENT',
        `${context}: codeShape is needed to check a 'feature-map' encoder, e.g. codeShape: [7, 7, 16].`,
      );
    }
    outputs = [[null, ...args.codeShape]];
    outputNames = 'one feature map';
  } else {
    if (args.latentDim === undefined) {
      throw new NetworkError(
        'NETWORK_BAD_ARGUMENT',
        `${context}: latentDim is needed to check a '${head}' encoder, e.g. latentDim: 16.`,
      );
    }
    const code = [null, args.latentDim];
    outputs = head === 'gaussian' ? [code, code] : [code];
    outputNames = head === 'gaussian' ? 'two tensors [mean, logVar]' : 'one code';
  }
  checkModelShapes(model, 'encoder', context, { inputs, outputs, outputNames });
}
