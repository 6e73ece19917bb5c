/**
 * One-hot encoding of integer class labels, as a typed array.
 */

import { checkPositiveInteger } from './check-parameter.js';
import { DatasetError } from './dataset-error.js';

/**
 * One-hot rows for `labels`: a Float32Array [labels.length × numClasses] with
 * `out[i × numClasses + labels[i]] = 1` and zeros elsewhere.
 *
 * @throws DatasetError `DATASET_BAD_PARAMETER` unless `numClasses` is an integer
 *   ≥ 1; `LABEL_OUT_OF_RANGE` naming the first label outside [0, numClasses).
 *
 * @example
 * oneHot(Int32Array.from([2, 0]), 3); // [0, 0, 1, 1, 0, 0]
 */
export function oneHot(labels: Int32Array, numClasses: number): Float32Array {
  checkPositiveInteger('oneHot', 'numClasses', numClasses);
  const out = new Float32Array(labels.length * numClasses);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (label < 0 || label >= numClasses) {
      throw new DatasetError(
        'LABEL_OUT_OF_RANGE',
        `oneHot: labels[${i}] is ${label}, expected an integer in [0, ${numClasses}). Pass numClasses > the largest label, or fix the labels.`,
      );
    }
    out[i * numClasses + label] = 1;
  }
  return out;
}
