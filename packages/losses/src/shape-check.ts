/**
 * Input checks shared by every loss (internal: not exported from the package index).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { LossError } from './loss-error.js';
import { assertBatchAxis, assertReduction, type Reduction } from './reduction.js';

/** Formats a shape the way tfjs prints it: `[2,3]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/**
 * Throws `LOSS_SHAPE_MISMATCH` unless `a` and `b` have exactly the same shape. Losses do not
 * broadcast: a silent `[batch]` vs `[batch, 1]` broadcast turns a loss into a
 * `[batch, batch]` matrix, a classic and hard-to-see bug.
 *
 * @param caller Name of the public function, for the message.
 * @param aName Name of the first argument, e.g. `'target'`.
 * @param bName Name of the second argument, e.g. `'logits'`.
 */
export function assertSameShape(
  caller: string,
  aName: string,
  a: tf.Tensor,
  bName: string,
  b: tf.Tensor,
): void {
  const same = a.rank === b.rank && a.shape.every((size, axis) => size === b.shape[axis]);
  if (!same) {
    throw new LossError(
      'LOSS_SHAPE_MISMATCH',
      `${caller}: ${aName} shape ${formatShape(a.shape)} does not match ${bName} shape ` +
        `${formatShape(b.shape)}. The shapes must be equal (losses do not broadcast); ` +
        'reshape one input, e.g. with tf.reshape.',
    );
  }
}

/**
 * The checks every paired loss runs before allocating anything: a supported
 * reduction, equal shapes, and a batch axis when the reduction needs one.
 *
 * @throws LossError `LOSS_BAD_REDUCTION`, `LOSS_SHAPE_MISMATCH` or `LOSS_BAD_RANK`.
 */
export function checkLossInputs(
  caller: string,
  aName: string,
  a: tf.Tensor,
  bName: string,
  b: tf.Tensor,
  reduction: unknown,
): asserts reduction is Reduction {
  assertReduction(caller, reduction);
  assertSameShape(caller, aName, a, bName, b);
  assertBatchAxis(caller, b, reduction);
}
