/**
 * Ctrl-C (SIGINT) or a `kill` (SIGTERM) while a command runs: the progress bar hides the
 * terminal's cursor, and a process ended by a signal never runs the code that shows it again.
 * {@link exitOnSignals} shows the cursor, ends the bar's line, and exits with the shell's
 * code for the signal (128 + its number: 130 for SIGINT, 143 for SIGTERM).
 */

/** ANSI "show cursor" (DECTCEM set), the inverse of the `\x1b[?25l` a progress bar writes. */
export const SHOW_CURSOR = '\x1b[?25h';

/** The exit code of each handled signal. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** A handled signal. */
export type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

/** What {@link exitOnSignals} uses; tests pass their own. */
export interface SignalTarget {
  /** Where the progress bar draws (the cursor is restored only when it is a terminal). */
  stream: { isTTY?: boolean; write(text: string): unknown };
  /** Registers a handler (default: `process.on`). */
  on(signal: HandledSignal, handler: () => void): unknown;
  /** Ends the process (default: `process.exit`). */
  exit(code: number): void;
}

/** Installs the handlers; returns what a signal does, for tests. */
export function exitOnSignals(
  target: SignalTarget = {
    stream: process.stderr,
    on: (signal, handler) => process.on(signal, handler),
    exit: (code) => process.exit(code),
  },
): (signal: HandledSignal) => void {
  const handle = (signal: HandledSignal) => {
    // A newline first: the bar's line is left half-drawn, the shell prompt goes below it.
    if (target.stream.isTTY) target.stream.write(`\n${SHOW_CURSOR}`);
    target.exit(SIGNAL_EXIT_CODES[signal]);
  };
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[]) {
    target.on(signal, () => handle(signal));
  }
  return handle;
}
