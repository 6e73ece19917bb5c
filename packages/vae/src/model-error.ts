/** Codes of {@link ModelError}. */
export type ModelErrorCode =
  | 'MODEL_BAD_CONFIG'
  | 'MODEL_BAD_NETWORK'
  | 'MODEL_BAD_INPUT'
  | 'MODEL_BAD_SAVED_CONFIG'
  | 'MODEL_UNKNOWN_FAMILY'
  | 'MODEL_NOT_FOUND';

/** A model could not be built, run, saved or loaded; the message says what to change. */
export class ModelError extends Error {
  /** Machine-readable reason. */
  readonly code: ModelErrorCode;

  constructor(code: ModelErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelError';
    this.code = code;
  }
}
