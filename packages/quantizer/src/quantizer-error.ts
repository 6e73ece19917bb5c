/**
 * The one error type thrown by `@ae/quantizer`, and the argument checks that throw it.
 *
 * Every check runs before any tensor is allocated, so a thrown error never leaks tensors.
 * The number rules and their wording are `@ae/core`'s.
 */

import { numberChecker } from '@ae/core';

/**
 * What went wrong, as a stable machine-readable code.
 *
 * - `QUANTIZER_BAD_OPTION`: an option is missing, of the wrong type or out of range; the
 *   message names the field and the value.
 * - `QUANTIZER_BAD_SHAPE`: a tensor has the wrong rank, or its last dimension is not the
 *   code dimension `D` of the codebook.
 * - `QUANTIZER_BAD_DTYPE`: code indices are not an `int32` tensor.
 * - `QUANTIZER_TOO_FEW_VECTORS`: k-means initialization got fewer vectors than codes.
 * - `QUANTIZER_DISPOSED`: a method was called after `dispose()`.
 */
export type QuantizerErrorCode =
  | 'QUANTIZER_BAD_OPTION'
  | 'QUANTIZER_BAD_SHAPE'
  | 'QUANTIZER_BAD_DTYPE'
  | 'QUANTIZER_TOO_FEW_VECTORS'
  | 'QUANTIZER_DISPOSED';

/**
 * Thrown for invalid arguments. The message names the function, the field, the value received
 * and what to pass instead; `code` is stable and safe to switch on.
 *
 * @example
 * try { vectorQuantize(z, codebook); } catch (e) {
 *   if (e instanceof QuantizerError && e.code === 'QUANTIZER_BAD_SHAPE') { ... }
 * }
 */
export class QuantizerError extends Error {
  /** Stable code for the kind of failure. */
  readonly code: QuantizerErrorCode;

  /**
   * @param code The kind of failure.
   * @param message A sentence naming the function, the value received and what was expected.
   */
  constructor(code: QuantizerErrorCode, message: string) {
    super(message);
    this.name = 'QuantizerError';
    this.code = code;
  }
}

/**
 * Throws `QUANTIZER_BAD_OPTION` unless `value` obeys `rule` (`@ae/core`'s number rules,
 * e.g. `'non-negative'`, `'open-unit'`); the message names the caller, the field, what
 * the rule expects and the value.
 */
export const checkNumber = numberChecker((m) => new QuantizerError('QUANTIZER_BAD_OPTION', m));

/** Throws `QUANTIZER_BAD_OPTION` unless `value` is an integer ≥ 1. */
export function checkPositiveInt(where: string, field: string, value: unknown): number {
  return checkNumber(where, field, value, 'positive-integer');
}

/**
 * Throws `QUANTIZER_BAD_SHAPE` unless `shape` has rank ≥ 1 and last dimension `codeDim`.
 * Returns the number of vectors `N` (the product of the leading dimensions).
 */
export function checkVectors(
  where: string,
  field: string,
  shape: readonly number[],
  codeDim: number,
): number {
  const last = shape[shape.length - 1];
  if (last !== codeDim) {
    throw new QuantizerError(
      'QUANTIZER_BAD_SHAPE',
      `${where}: ${field} shape [${shape.join(',')}] must end in the code dimension ${codeDim}; ` +
        'reshape or project the vectors to [..., codeDim].',
    );
  }
  return shape.slice(0, -1).reduce((p, s) => p * s, 1);
}

/** Throws `QUANTIZER_BAD_SHAPE` unless `shape` is a rank-2 codebook `[K, D]` with K, D ≥ 1. */
export function checkCodebook(where: string, shape: readonly number[]): [number, number] {
  const [k, d] = shape;
  if (shape.length !== 2 || k === undefined || d === undefined || k < 1 || d < 1) {
    throw new QuantizerError(
      'QUANTIZER_BAD_SHAPE',
      `${where}: codebook shape [${shape.join(',')}] must be [numCodes, codeDim] with both ≥ 1.`,
    );
  }
  return [k, d];
}
