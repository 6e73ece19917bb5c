import * as tfl from '@tensorflow/tfjs-layers';
import { checkPositiveInt } from './network-checks.js';

/**
 * Checks the optional `numClasses` of a conditional network: `undefined` (no label
 * input) or an integer ≥ 1.
 */
export function checkNumClasses(network: string, value: unknown): number | undefined {
  return value === undefined ? undefined : checkPositiveInt(network, 'numClasses', value);
}

/**
 * The second input of a conditional network: a one-hot float label `[batch, numClasses]`,
 * named `label`.
 */
export function labelInput(numClasses: number): tfl.SymbolicTensor {
  return tfl.input({ shape: [numClasses], name: 'label' });
}

/**
 * Concatenates the label to flat features `[batch, n]` along the last axis
 * (layer `concat_label`), giving `[batch, n + numClasses]`.
 */
export function concatLabel(
  features: tfl.SymbolicTensor,
  label: tfl.SymbolicTensor,
): tfl.SymbolicTensor {
  return tfl.layers
    .concatenate({ axis: -1, name: 'concat_label' })
    .apply([features, label]) as tfl.SymbolicTensor;
}
