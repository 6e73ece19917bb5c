import { numberChecker } from '@ae/core';

/** Codes of {@link TrainingError}. */
export type TrainingErrorCode =
  | 'TRAIN_BAD_OPTION'
  | 'TRAIN_NON_FINITE_LOSS'
  | 'TRAIN_EMPTY_DATASET'
  /** Examples that hold NaN or ±Infinity. */
  | 'TRAIN_BAD_DATA'
  /** A saved trainer state or checkpoint that cannot be restored (missing, damaged, mismatched). */
  | 'TRAIN_BAD_STATE';

/** Training could not start or had to stop; the message says why and what to change. */
export class TrainingError extends Error {
  /** Machine-readable reason. */
  readonly code: TrainingErrorCode;
  /** The optimizer step at which it happened, when training had started. */
  readonly step: number | undefined;

  constructor(code: TrainingErrorCode, message: string, step?: number) {
    super(message);
    this.name = 'TrainingError';
    this.code = code;
    this.step = step;
  }
}

/**
 * Throws `TRAIN_BAD_OPTION` unless `value` obeys `rule` (`@ae/core`'s number rules), in the
 * words every package uses: `"<where>: <field> must be <rule>, got <value>."`.
 */
export const checkNumber = numberChecker((m) => new TrainingError('TRAIN_BAD_OPTION', m));
