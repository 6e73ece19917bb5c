/** Codes of {@link ModelError}. */
export type ModelErrorCode =
  | 'MODEL_BAD_CONFIG'
  | 'MODEL_BAD_NETWORK'
  | 'MODEL_BAD_INPUT'
  | 'MODEL_BAD_SAVED_CONFIG'
  /** A saved network's model.json or weights file is damaged, truncated or of another model. */
  | 'MODEL_BAD_SAVED_NETWORK'
  /** A weights file's bytes differ from the SHA-256 that ae.json recorded. */
  | 'MODEL_CHECKSUM_MISMATCH'
  /** Saved weights hold NaN or ±Infinity. */
  | 'MODEL_NON_FINITE_WEIGHTS'
  /** A model address that is not a directory or a URL this library reads. */
  | 'MODEL_BAD_URL'
  /** A model URL whose host could not be reached. */
  | 'MODEL_UNREACHABLE'
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
