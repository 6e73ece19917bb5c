/**
 * The one error type thrown by `@ae/losses`.
 *
 * Every failure is detected before any tensor is computed, so a thrown error never
 * leaks tensors.
 */

/**
 * What went wrong, as a stable machine-readable code.
 *
 * - `LOSS_BAD_REDUCTION`: the `reduction` option is not one of {@link REDUCTIONS}.
 * - `LOSS_SHAPE_MISMATCH`: two inputs that must have equal shapes do not (no broadcasting).
 * - `LOSS_BAD_RANK`: a batch reduction (`'batch-mean'`, `'per-example'`) was asked of a
 *   scalar, which has no batch axis.
 * - `LOSS_BAD_OPTION`: a numeric option (e.g. `epsilon`) is out of range.
 */
export type LossErrorCode =
  | 'LOSS_BAD_REDUCTION'
  | 'LOSS_SHAPE_MISMATCH'
  | 'LOSS_BAD_RANK'
  | 'LOSS_BAD_OPTION';

/**
 * Thrown for invalid arguments to a loss. The message names the function, the offending
 * value and what was expected; `code` is stable and safe to switch on.
 *
 * @example
 * try { meanSquaredError(a, b); } catch (e) {
 *   if (e instanceof LossError && e.code === 'LOSS_SHAPE_MISMATCH') { ... }
 * }
 */
export class LossError extends Error {
  /** Stable code for the kind of failure. */
  readonly code: LossErrorCode;

  /**
   * @param code The kind of failure.
   * @param message A sentence naming the function, the value received and what was expected.
   */
  constructor(code: LossErrorCode, message: string) {
    super(message);
    this.name = 'LossError';
    this.code = code;
  }
}
