#!/usr/bin/env node
import { buildProgram } from './program.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  const e = error as Error & { code?: string };
  process.stderr.write(`ae: ${e.code ? `[${e.code}] ` : ''}${e.message}\n`);
  if (process.env.AE_DEBUG) process.stderr.write(`${e.stack}\n`);
  // Nothing left to do: don't wait for timers a failed command may have left behind.
  process.exit(1);
}
