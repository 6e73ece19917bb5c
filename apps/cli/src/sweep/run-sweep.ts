/**
 * `ae sweep`: expands and checks the sweep file, skips finished trials, runs the others on
 * this machine (`parallel` child processes) or through a BullMQ queue, and writes the
 * results, the best trial and the pictures into `out`.
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '@ae/core/node';
import { checkRedis, DEFAULT_QUEUE_NAME, runOnQueue, type TrialJob } from './queue.js';
import { type BestSummary, writeResults } from './results.js';
import { readResult, runTrial, type TrialResult } from './run-trial.js';
import { SweepError } from './sweep-error.js';
import { readSweepFile, type SweepSpec } from './sweep-file.js';
import { writeSweepPlots } from './sweep-plots.js';
import { sweepProgress } from './sweep-progress.js';
import { describeParams, expandTrials, sweptKeys } from './trials.js';

/** Options of `ae sweep`. */
export interface SweepOptions {
  out: string;
  /** Trials at a time on this machine (local mode). */
  parallel: number;
  /** `redis://…`: enqueue the trials instead of running them here. */
  queue?: string;
  queueName?: string;
  /** Tries per trial on the queue. */
  attempts?: number;
  json?: boolean;
}

/** The summary `ae sweep` prints. */
export interface SweepSummary {
  command: 'sweep';
  out: string;
  mode: 'local' | 'queue';
  trials: number;
  /** Finished before this run started (skipped). */
  skipped: number;
  finished: number;
  failed: { id: string; why: string }[];
  metric: string;
  direction: 'min' | 'max';
  best?: BestSummary;
  files: { results: string; csv: string; best: string; pictures: string[] };
}

/** Runs `fn` over `items`, at most `n` at a time. */
async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  });
  await Promise.all(lanes);
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(2) : v.toPrecision(4));

export async function sweepCommand(file: string, o: SweepOptions): Promise<SweepSummary> {
  // Everything is checked before a trial runs or is enqueued.
  const spec: SweepSpec = await readSweepFile(file);
  const trials = expandTrials(spec);
  if (o.queue) await checkRedis(o.queue);
  const out = resolve(o.out);
  const keys = sweptKeys(spec);
  const tasks: TrialJob[] = trials.map((t) => ({
    ...t,
    dir: join(out, t.id),
    cwd: process.cwd(),
    metric: spec.metric,
    sweepDir: out,
  }));
  await writeFileAtomic(
    join(out, 'sweep.json'),
    `${JSON.stringify({ file: resolve(file), metric: spec.metric, direction: spec.direction, keys, trials: trials.map(({ id, params }) => ({ id, params })) }, null, 2)}\n`,
  );

  const results: TrialResult[] = [];
  for (const task of tasks) {
    const done = await readResult(task.dir);
    if (done) results.push(done);
  }
  const skipped = results.length;
  const todo = tasks.filter((t) => !results.some((r) => r.id === t.id));
  process.stderr.write(
    `sweep: ${tasks.length} trials (${skipped} finished before, ${todo.length} to run) ${o.queue ? `on queue ${o.queueName ?? DEFAULT_QUEUE_NAME} at ${o.queue}` : `on this machine, ${o.parallel} at a time`}; ${spec.direction === 'min' ? 'minimising' : 'maximising'} ${spec.metric}\n`,
  );
  const bar = sweepProgress(tasks.length, skipped);
  const failed: SweepSummary['failed'] = [];
  const bestText = () => {
    const best = [...results].sort((a, b) =>
      spec.direction === 'min' ? a.metric.value - b.metric.value : b.metric.value - a.metric.value,
    )[0];
    return best ? `${fmt(best.metric.value)} (${best.id})` : '…';
  };
  // Results are written as each trial finishes, one write at a time.
  let writing = Promise.resolve<unknown>(undefined);
  const finished = async (task: TrialJob, result: TrialResult) => {
    results.push(result);
    bar.finish(
      task.id,
      `${spec.metric} ${fmt(result.metric.value)} in ${result.seconds.toFixed(1)} s on ${result.worker}`,
      bestText(),
    );
    writing = writing.then(() => writeResults(out, results, keys, spec.direction));
    await writing;
  };
  const failure = (task: TrialJob, why: string) => {
    failed.push({ id: task.id, why });
    bar.fail(task.id, why);
  };

  try {
    if (o.queue) {
      await runOnQueue(todo, {
        url: o.queue,
        name: o.queueName ?? DEFAULT_QUEUE_NAME,
        sweepKey: createHash('sha256').update(out).digest('hex').slice(0, 8),
        attempts: o.attempts ?? 3,
        onStart: (job, worker, resumed) =>
          bar.start(job.id, describeParams(job.params), worker, resumed),
        onProgress: (job, p) => bar.progress(job.id, p),
        onResult: finished,
        onFailure: failure,
      });
    } else {
      await pool(todo, o.parallel, async (task) => {
        try {
          const result = await runTrial(task, {
            worker: 'local',
            onStart: (resumed) =>
              bar.start(task.id, describeParams(task.params), undefined, resumed),
            onProgress: (p) => bar.progress(task.id, p),
          });
          await finished(task, result);
        } catch (error) {
          failure(task, (error as Error).message);
        }
      });
    }
  } finally {
    bar.stop();
  }
  await writing;
  const best = await writeResults(out, results, keys, spec.direction);
  const pictures = await writeSweepPlots(out, spec, results);
  const summary: SweepSummary = {
    command: 'sweep',
    out,
    mode: o.queue ? 'queue' : 'local',
    trials: tasks.length,
    skipped,
    finished: results.length - skipped,
    failed,
    metric: spec.metric,
    direction: spec.direction,
    ...(best ? { best } : {}),
    files: {
      results: join(out, 'results.jsonl'),
      csv: join(out, 'results.csv'),
      best: join(out, 'best.json'),
      pictures,
    },
  };
  return summary;
}

/** The summary as text. */
export function summaryText(s: SweepSummary): string {
  const lines = [
    `Sweep in ${s.out}: ${s.trials} trials, ${s.finished} run now, ${s.skipped} finished before, ${s.failed.length} failed.`,
  ];
  if (s.best) {
    lines.push(
      `Best trial: ${s.best.trial.id} (${describeParams(s.best.trial.params)}), ${s.metric} ${fmt(s.best.trial.value)} — its run is in ${s.best.trial.dir}/`,
      `Best configuration (mean over ${s.best.configuration.seeds.length} seed${s.best.configuration.seeds.length === 1 ? '' : 's'}): ${describeParams(s.best.configuration.params) || '(the base config)'}, ${s.metric} ${fmt(s.best.configuration.mean)}`,
    );
  }
  for (const f of s.failed) lines.push(`Failed: ${f.why}`);
  lines.push(
    'Wrote:',
    `  ${s.files.results}  one finished trial per line`,
    `  ${s.files.csv}  one row per trial`,
    `  ${s.files.best}  the best trial and configuration`,
    ...s.files.pictures.map((p) => `  ${p}`),
    '',
  );
  return lines.join('\n');
}

/** Throws when trials failed, after the summary was printed. */
export function throwIfFailed(s: SweepSummary): void {
  if (s.failed.length > 0) {
    throw new SweepError(
      'SWEEP_TRIAL_FAILED',
      `${s.failed.length} of ${s.trials} trials failed (first: ${s.failed[0]?.why}); fix the cause and run the same ae sweep again to retry them (finished trials are kept).`,
    );
  }
}
