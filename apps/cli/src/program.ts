import { Command } from 'commander';
import { anomalyCli } from './commands/anomaly.js';
import { denoiseCli } from './commands/denoise.js';
import { embedCli } from './commands/embed.js';
import { evalCli } from './commands/eval.js';
import { exportCli } from './commands/export.js';
import { interpolateCli } from './commands/interpolate.js';
import { manifoldCli } from './commands/manifold.js';
import { reconstructCli } from './commands/reconstruct.js';
import { sampleCli } from './commands/sample.js';
import { sweepCli } from './commands/sweep.js';
import { trainCli } from './commands/train-cli.js';
import { workerCli } from './commands/worker.js';
import { throwUsageExit } from './usage-exit.js';

const VERSION = '0.1.0';

/** Builds the `ae` command. */
export function buildProgram(): Command {
  const program = new Command('ae')
    .description('Train and explore autoencoders from the terminal.')
    .version(VERSION);
  // One line per command; each file in commands/ builds its own.
  const commands: Command[] = [
    trainCli(),
    evalCli(),
    anomalyCli(),
    reconstructCli(),
    sampleCli(),
    interpolateCli(),
    manifoldCli(),
    denoiseCli(),
    exportCli(),
    embedCli(),
    sweepCli(),
    workerCli(),
  ];
  for (const command of commands) {
    describeListDefaults(command);
    program.addCommand(
      command.showHelpAfterError('(run with --help for usage)').exitOverride(throwUsageExit),
    );
  }
  program.showHelpAfterError('(run with --help for usage)').exitOverride(throwUsageExit);
  return program;
}

/**
 * Help shows a list default as the flag takes it (`512,256`), not as JSON (`[512,256]`).
 * Other object defaults carry their own description (`.default(value, description)`).
 */
function describeListDefaults(command: Command): void {
  for (const option of command.options) {
    const value: unknown = option.defaultValue;
    if (Array.isArray(value) && option.defaultValueDescription === undefined) {
      option.defaultValueDescription = value.join(',');
    }
  }
}
