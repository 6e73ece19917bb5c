/** Codes of {@link CliError}. */
export type CliErrorCode =
  | 'CLI_NO_MODEL_DIR'
  | 'CLI_NOT_A_MODEL_DIR'
  | 'CLI_WRONG_FAMILY'
  | 'CLI_BAD_CONFIG'
  | 'CLI_BAD_OPTION'
  | 'CLI_NO_CHECKPOINT'
  /** The run options saved in a checkpoint do not read back (a damaged trainer.json). */
  | 'CLI_BAD_CHECKPOINT';

/**
 * A mistake on the command line (a flag, a directory, a config file). `bin.ts` prints
 * its message as one line on stderr and exits with code 1, without a stack trace.
 */
export class CliError extends Error {
  /** Machine-readable reason. */
  readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.code = code;
  }
}
