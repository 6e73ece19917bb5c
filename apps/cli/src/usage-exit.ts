/**
 * How `ae` ends on a command-line mistake that commander finds (an unknown option or command,
 * a bad option value, a missing required option or argument): commander prints the message
 * (and the usage hint), then {@link throwUsageExit}, its exit override, throws a
 * {@link UsageExit}, and `bin.ts` exits with {@link USAGE_EXIT_CODE}, the usual code of a
 * usage error. `--help` and `--version` end the same way with code 0. Every other failure is
 * an ordinary error (exit code 1).
 */
import type { CommanderError } from 'commander';

/** Exit code of a usage error (as in the shells and most Unix tools). */
export const USAGE_EXIT_CODE = 2;

/** Commander has printed its message; the process should end with {@link exitCode}. */
export class UsageExit extends Error {
  override readonly name = 'UsageExit';
  /** Commander's reason, e.g. `'commander.unknownOption'` or `'commander.helpDisplayed'`. */
  readonly code: string;
  /** 0 after `--help` or `--version`, else {@link USAGE_EXIT_CODE}. */
  readonly exitCode: number;

  constructor(error: CommanderError) {
    super(error.message, { cause: error });
    this.code = error.code;
    this.exitCode = error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
  }
}

/** Commander's exit override: turns its exit into a {@link UsageExit}. */
export function throwUsageExit(error: CommanderError): never {
  throw new UsageExit(error);
}
