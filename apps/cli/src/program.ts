import { Command } from 'commander';
import { trainCli } from './commands/train-cli.js';

const VERSION = '0.1.0';

/** Builds the `ae` command. */
export function buildProgram(): Command {
  const program = new Command('ae')
    .description('Train and explore autoencoders from the terminal.')
    .version(VERSION);
  // One line per command; each file in commands/ builds its own.
  const commands: Command[] = [trainCli()];
  for (const command of commands) {
    program.addCommand(command.showHelpAfterError('(run with --help for usage)'));
  }
  program.showHelpAfterError('(run with --help for usage)');
  return program;
}
