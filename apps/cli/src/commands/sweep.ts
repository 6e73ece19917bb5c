/** `ae sweep`: many `ae train` runs over a grid and/or random ranges, here or on a queue. */
import { Command } from 'commander';
import { positiveInt } from '../options.js';
import { DEFAULT_QUEUE_NAME } from '../sweep/queue.js';
import { type SweepOptions, summaryText, sweepCommand, throwIfFailed } from '../sweep/run-sweep.js';

/** The `ae sweep` command. */
export function sweepCli(): Command {
  return new Command('sweep')
    .description(
      'Train one ae train run per trial of a sweep file (grid, random ranges, seeds) and rank them by a metric.',
    )
    .argument('<file>', 'the sweep file (YAML or JSON)')
    .option(
      '--out <dir>',
      'directory of the sweep: one sub-directory per trial, results, pictures',
      'runs/sweep',
    )
    .option(
      '--parallel <n>',
      'trials at a time on this machine (each a child process)',
      positiveInt,
      1,
    )
    .option(
      '--queue <url>',
      'enqueue the trials on BullMQ at this Redis URL (redis://host:6379) for ae worker processes, instead of running them here',
    )
    .option(
      '--queue-name <name>',
      'BullMQ queue name (the workers must use the same)',
      DEFAULT_QUEUE_NAME,
    )
    .option(
      '--attempts <n>',
      'queue: tries per trial before it counts as failed (BullMQ retries)',
      positiveInt,
      3,
    )
    .option('--json', 'print one JSON summary as the last line of stdout')
    .addHelpText(
      'after',
      [
        '',
        'Sweep file (keys of "base", "grid" and "random" are ae train --config keys):',
        '  base:   { model: vae, dataset: mnist, epochs: 3, limit: 5000 }',
        '  grid:   { beta: [1, 4], latent-dim: [2, 8] }',
        '  random: { learning-rate: { log-uniform: [0.0001, 0.01] } }   # also uniform, int, choice',
        '  seeds:  [0, 1]            # replicates of each configuration',
        '  metric: val_total         # an epoch log entry of ae train',
        '  direction: min            # or max',
        '  budget: 16                # most trials; random ranges fill it',
        '',
        'Each trial is an ae train run in <out>/<trial id>/ (the id is a hash of its config).',
        'Running the same command again skips finished trials and resumes unfinished ones.',
        '',
        'Examples:',
        '  ae sweep --out runs/sweep --parallel 2 sweep.yaml',
        '  ae sweep --queue redis://127.0.0.1:6379 --out /shared/runs/sweep sweep.yaml',
        '  ae worker --queue redis://127.0.0.1:6379        # on each machine that mounts /shared',
        '',
      ].join('\n'),
    )
    .action(async (file: string, options: SweepOptions) => {
      const summary = await sweepCommand(file, options);
      process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : summaryText(summary));
      throwIfFailed(summary);
    });
}
