/** Codes of {@link CliError}. */
export type CliErrorCode =
  | 'CLI_NO_MODEL_DIR'
  | 'CLI_NOT_A_MODEL_DIR'
  | 'CLI_WRONG_FAMILY'
  | 'CLI_BAD_CONFIG'
  | 'CLI_BAD_OPTION'
  | 'CLI_NO_CHECKPOINT'
  /** The run options saved in a checkpoint do not read back (a damaged trainer.json). */
  | 'CLI_BAD_CHECKPOINT'
  /** An option the chosen model does not read (a usage error: exit code 2). */
  | 'CLI_UNUSED_OPTION'
  /** `--out` holds files of another run or of the user. */
  | 'CLI_OUT_NOT_EMPTY'
  /** Another `ae train` is writing into `--out`. */
  | 'CLI_OUT_LOCKED'
  /** An output path that cannot be written: a file where a directory must be, or the reverse. */
  | 'CLI_BAD_OUT'
  /** `--out` lies inside the data folder the run reads. */
  | 'CLI_OUT_IN_DATA'
  /** Writing an output failed (disk full, permissions, read-only file system). */
  | 'CLI_WRITE_FAILED'
  /** A size the machine or the backend cannot hold. */
  | 'CLI_TOO_LARGE';

/** Codes of {@link CliError} that are usage errors: exit code 2, as commander's own. */
const USAGE_CODES: readonly CliErrorCode[] = ['CLI_UNUSED_OPTION'];

/**
 * A mistake on the command line (a flag, a directory, a config file). `bin.ts` prints
 * its message as one line on stderr and exits with {@link CliError.exitCode}, without a
 * stack trace.
 */
export class CliError extends Error {
  /** Machine-readable reason. */
  readonly code: CliErrorCode;
  /** 2 for a usage error (an option that cannot apply), else 1. */
  readonly exitCode: 1 | 2;

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = USAGE_CODES.includes(code) ? 2 : 1;
  }
}
