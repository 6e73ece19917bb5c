/**
 * The one error class of `@ae/evaluation`: every refusal names the function (or the file)
 * and the value, and says what was expected.
 */

/**
 * What went wrong:
 * - `EVAL_BAD_OPTION`: an argument is out of range or of the wrong kind, or the model lacks
 *   what the function needs (e.g. `likelihoods` of a model without an ELBO);
 * - `EVAL_EMPTY_DATASET`: the data has no examples where some are needed;
 * - `EVAL_BAD_EXPORT`: an `export.json` that is not an export bundle of a version this
 *   package reads, or a field of it has the wrong type or value.
 */
export type EvaluationErrorCode = 'EVAL_BAD_OPTION' | 'EVAL_EMPTY_DATASET' | 'EVAL_BAD_EXPORT';

/** An evaluation could not run; the message says why and what to change. */
export class EvaluationError extends Error {
  override readonly name = 'EvaluationError';

  constructor(
    /** Machine-readable reason. */
    readonly code: EvaluationErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
