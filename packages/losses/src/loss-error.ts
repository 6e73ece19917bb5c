/**
 * The one error type thrown by `@ae/losses`.
 *
 * Every failure is detected before any tensor is computed, so a thrown error never
 * leaks tensors. Schedules (plain numbers, no tensors) throw it too.
 */

/**
 * What went wrong, as a stable machine-readable code.
 *
 * - `LOSS_BAD_REDUCTION`: the `reduction` option is not one of {@link REDUCTIONS}.
 * - `LOSS_SHAPE_MISMATCH`: two inputs that must have equal shapes do not (no broadcasting).
 * - `LOSS_BAD_RANK`: an input has the wrong number of axes: a batch reduction
 *   (`'batch-mean'`, `'per-example'`) of a scalar, which has no batch axis; a scalar given
 *   to a function that reduces along an axis; importance weights that are not `[batch, K]`.
 * - `LOSS_BAD_OPTION`: an option is out of range, missing, or in conflict with another one
 *   (e.g. `epsilon` not in (0, 1), both `variance` and `logVar`, a schedule with `steps` 0),
 *   or a valid reduction that makes no sense for this function (e.g. `'none'` for
 *   `capacityKl`). The message names the option and the value.
 * - `LOSS_EMPTY_AXIS`: the axis a function averages over has size 0 (log-mean-exp of no
 *   weights, a sparsity penalty of an empty batch), which has no value.
 * - `LOSS_BAD_STEP`: a schedule was called with a step that is negative or not a finite
 *   number.
 */
export type LossErrorCode =
  | 'LOSS_BAD_REDUCTION'
  | 'LOSS_SHAPE_MISMATCH'
  | 'LOSS_BAD_RANK'
  | 'LOSS_BAD_OPTION'
  | 'LOSS_EMPTY_AXIS'
  | 'LOSS_BAD_STEP';

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
