/** `ae worker`: takes trials of `ae sweep --queue` from BullMQ and trains them. */
import { Command } from 'commander';
import { positiveInt } from '../options.js';
import { checkRedis, DEFAULT_QUEUE_NAME, startWorker } from '../sweep/queue.js';
import { runTrial } from '../sweep/run-trial.js';

interface WorkerCliOptions {
  queue: string;
  queueName: string;
  name?: string;
  concurrency: number;
  lockDuration: number;
  stalledInterval: number;
  maxStalled: number;
}

/** The `ae worker` command. */
export function workerCli(): Command {
  return new Command('worker')
    .description(
      'Take trials of ae sweep --queue from BullMQ, train each (an ae train child process) and report the results; runs until stopped.',
    )
    .requiredOption('--queue <url>', 'Redis URL of the queue, e.g. redis://127.0.0.1:6379')
    .option('--queue-name <name>', 'BullMQ queue name (as given to ae sweep)', DEFAULT_QUEUE_NAME)
    .option('--name <name>', "this worker's name in the results (default: host-pid)")
    .option('--concurrency <n>', 'trials at a time', positiveInt, 1)
    .option(
      '--lock-duration <ms>',
      "BullMQ lockDuration: a dead worker's trial goes to another worker after about this long",
      positiveInt,
      30_000,
    )
    .option(
      '--stalled-interval <ms>',
      'BullMQ stalledInterval: how often to look for trials of dead workers',
      positiveInt,
      30_000,
    )
    .option(
      '--max-stalled <n>',
      'BullMQ maxStalledCount: times a trial may lose its worker before it counts as failed',
      positiveInt,
      3,
    )
    .addHelpText(
      'after',
      [
        '',
        "Trial directories are under the sweep's --out, which every worker must see at the same",
        'path (a shared filesystem): a trial taken over from a dead worker resumes from its last',
        'checkpoint there.',
        '',
        'Examples:',
        '  ae worker --queue redis://queue-host:6379',
        '  ae worker --queue redis://127.0.0.1:6379 --concurrency 2 --name gpu-box',
        '',
      ].join('\n'),
    )
    .action(async (o: WorkerCliOptions) => {
      await checkRedis(o.queue);
      const log = (line: string) => process.stderr.write(`${line}\n`);
      await startWorker({
        url: o.queue,
        name: o.queueName,
        ...(o.name ? { worker: o.name } : {}),
        concurrency: o.concurrency,
        lockDuration: o.lockDuration,
        stalledInterval: o.stalledInterval,
        maxStalledCount: o.maxStalled,
        run: (job, hooks) => runTrial(job, hooks),
        log,
      });
      // Runs until a signal ends the process; a trial cut off then is taken over by another worker.
      await new Promise<never>(() => {});
    });
}
