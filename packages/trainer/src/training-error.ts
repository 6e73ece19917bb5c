/** Codes of {@link TrainingError}. */
export type TrainingErrorCode =
  | 'TRAIN_BAD_OPTION'
  | 'TRAIN_NON_FINITE_LOSS'
  | 'TRAIN_EMPTY_DATASET'
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
