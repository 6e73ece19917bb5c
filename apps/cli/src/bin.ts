#!/usr/bin/env node
import { CliError } from './cli-error.js';
import { buildProgram } from './program.js';
import { exitOnSignals } from './terminal-signals.js';
import { UsageExit } from './usage-exit.js';

// Ctrl-C or kill during a command: show the cursor the progress bar hid, exit 130 / 143.
exitOnSignals();

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  // Commander has printed the usage error (or the help) already.
  if (error instanceof UsageExit) process.exit(error.exitCode);
  const e = error as Error & { code?: string };
  process.stderr.write(`ae: ${e.code ? `[${e.code}] ` : ''}${e.message}\n`);
  if (process.env.AE_DEBUG) process.stderr.write(`${e.stack}\n`);
  // Nothing left to do: don't wait for timers a failed command may have left behind.
  process.exit(error instanceof CliError ? error.exitCode : 1);
}
