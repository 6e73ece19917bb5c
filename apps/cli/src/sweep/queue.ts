/**
 * Scale-out on BullMQ: `ae sweep --queue redis://…` puts each unfinished trial on a BullMQ
 * queue and waits for the results; `ae worker --queue redis://…` takes trials and runs them.
 *
 * Retries and crash recovery are BullMQ's own: a failed trial is retried (`attempts`), and
 * the job of a worker that dies (SIGKILL, a lost machine) keeps no lock, so after
 * `lockDuration` another worker's stalled-job check puts it back on the queue. The next
 * worker resumes the trial from its last checkpoint, because trial directories live under
 * the sweep's `--out` on a filesystem every machine mounts at the same path.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { Queue, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { releaseForeignLock } from './foreign-lock.js';
import type { TrialProgress, TrialResult, TrialTask } from './run-trial.js';
import { SweepError } from './sweep-error.js';

/** The queue `ae sweep` and `ae worker` use unless told otherwise. */
export const DEFAULT_QUEUE_NAME = 'ae-trials';

/** A job of the queue: one trial. */
export interface TrialJob extends TrialTask {
  /** The sweep's `--out` (absolute): must exist where the trial runs. */
  sweepDir: string;
}

/** What a worker reports while a trial runs. */
export interface JobProgress extends TrialProgress {
  worker: string;
  resumed: boolean;
}

/** A Redis connection for BullMQ (which needs `maxRetriesPerRequest: null`). */
const connect = (url: string) => new Redis(url, { maxRetriesPerRequest: null });

/**
 * Checks that Redis answers at `url` within a few seconds.
 *
 * @throws SweepError `SWEEP_QUEUE_UNREACHABLE` naming the URL and the reason.
 */
export async function checkRedis(url: string, flag = '--queue'): Promise<void> {
  if (!/^rediss?:\/\//.test(url)) {
    throw new SweepError(
      'SWEEP_QUEUE_UNREACHABLE',
      `${flag} ${url}: expected a Redis URL such as redis://127.0.0.1:6379 (or rediss:// for TLS).`,
    );
  }
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new SweepError(
      'SWEEP_QUEUE_UNREACHABLE',
      `${flag} ${url}: Redis does not answer (${(error as Error).message}); start redis-server there or fix the URL.`,
      { cause: error },
    );
  } finally {
    probe.disconnect();
  }
}

/** BullMQ job ids: one per sweep directory and trial (no ':' allowed in custom ids). */
export const jobIdOf = (sweepKey: string, trialId: string) => `${sweepKey}-${trialId}`;

/** Options of {@link runOnQueue}. */
export interface QueueRunOptions {
  url: string;
  name: string;
  /** Short hash of the sweep directory, to keep job ids of two sweeps apart. */
  sweepKey: string;
  /** Tries per trial (BullMQ `attempts`). */
  attempts: number;
  onStart(job: TrialJob, worker: string, resumed: boolean): void;
  onProgress(job: TrialJob, p: JobProgress): void;
  onResult(job: TrialJob, result: TrialResult): Promise<void>;
  onFailure(job: TrialJob, why: string): void;
}

/**
 * Enqueues the trials and waits until each has completed or failed for good. A trial whose
 * job is still waiting or active (an earlier `ae sweep` enqueued it) is waited for, not
 * enqueued again; a completed or failed job of an unfinished trial is replaced.
 */
export async function runOnQueue(jobs: TrialJob[], o: QueueRunOptions): Promise<void> {
  const connection = connect(o.url);
  const queue = new Queue<TrialJob, TrialResult>(o.name, { connection });
  // BullMQ leaves connections it was given open; both are closed below.
  const eventsConnection = connect(o.url);
  const events = new QueueEvents(o.name, { connection: eventsConnection });
  const byJobId = new Map(jobs.map((j) => [jobIdOf(o.sweepKey, j.id), j]));
  const started = new Set<string>();
  events.on('progress', ({ jobId, data }) => {
    const job = byJobId.get(jobId);
    const p = data as unknown as JobProgress;
    if (!job || typeof p !== 'object' || p === null) return;
    if (!started.has(jobId) || p.fraction === -1) {
      started.add(jobId);
      o.onStart(job, p.worker, p.resumed);
    }
    if (p.fraction >= 0) o.onProgress(job, p);
  });
  try {
    await events.waitUntilReady();
    const waiting = [];
    for (const [jobId, data] of byJobId) {
      let job = await queue.getJob(jobId);
      const state = job ? await job.getState() : undefined;
      if (job && (state === 'completed' || state === 'failed')) {
        await job.remove();
        job = undefined;
      }
      job ??= await queue.add('trial', data, {
        jobId,
        attempts: o.attempts,
        backoff: { type: 'fixed', delay: 1000 },
      });
      waiting.push(
        job.waitUntilFinished(events).then(
          (result: TrialResult) => o.onResult(data, result),
          (error: Error) => o.onFailure(data, error.message),
        ),
      );
    }
    await Promise.all(waiting);
  } finally {
    await events.close();
    await queue.close();
    eventsConnection.disconnect();
    connection.disconnect();
  }
}

/** Options of {@link startWorker}. */
export interface WorkerOptions {
  url: string;
  name: string;
  /** How this worker names itself in results (default host-pid). */
  worker?: string;
  /** Trials at a time. */
  concurrency: number;
  /** BullMQ `lockDuration` (ms): how long a dead worker's trial stays taken. */
  lockDuration: number;
  /** BullMQ `stalledInterval` (ms): how often this worker looks for stalled trials. */
  stalledInterval: number;
  /** BullMQ `maxStalledCount`: stalls before a trial counts as failed. */
  maxStalledCount: number;
  /** Runs one trial (the CLI passes `runTrial`). */
  run(
    job: TrialJob,
    hooks: { worker: string; onStart(resumed: boolean): void; onProgress(p: TrialProgress): void },
  ): Promise<TrialResult>;
  log(line: string): void;
}

/** Starts a worker on the queue; resolves with a function that closes it. */
export async function startWorker(o: WorkerOptions): Promise<() => Promise<void>> {
  const me = o.worker ?? `${hostname()}-${process.pid}`;
  const worker = new Worker<TrialJob, TrialResult>(
    o.name,
    async (job) => {
      const data = job.data;
      let resumed = false;
      let trained = false;
      const report = (p: TrialProgress | undefined) => {
        const progress: JobProgress = {
          ...(p ?? { epoch: 0, epochs: 0, fraction: -1 }),
          worker: me,
          resumed,
        };
        job.updateProgress(progress as unknown as object).catch(() => {});
      };
      if (!existsSync(data.sweepDir)) {
        throw new SweepError(
          'SWEEP_NO_SHARED_OUT',
          `worker ${me}: the sweep directory ${data.sweepDir} does not exist here; mount the shared filesystem at the same path on every machine.`,
        );
      }
      o.log(`worker ${me}: trial ${data.id} taken (attempt ${job.attemptsStarted})`);
      releaseForeignLock(data.dir, o.log);
      const result = await o
        .run(data, {
          worker: me,
          onStart(r) {
            trained = true;
            resumed = r;
            o.log(
              `worker ${me}: trial ${data.id} ${r ? 'resumed from its checkpoint' : 'started'}`,
            );
            report(undefined);
          },
          onProgress: report,
        })
        .catch((error: unknown) => {
          // A metric the logs lack stays lacking: fail the trial without BullMQ's retries.
          if (error instanceof SweepError && error.code === 'SWEEP_NO_METRIC') {
            throw new UnrecoverableError(error.message);
          }
          throw error;
        });
      o.log(
        trained
          ? `worker ${me}: trial ${data.id} finished, ${result.metric.name} ${result.metric.value}`
          : // Handed out again after it finished (its worker lost the job lock just before
            // reporting): the result on disk is reported, nothing is trained twice.
            `worker ${me}: trial ${data.id} had its result already (finished by ${result.worker}); reported it without training`,
      );
      return result;
    },
    {
      connection: connect(o.url),
      concurrency: o.concurrency,
      lockDuration: o.lockDuration,
      stalledInterval: o.stalledInterval,
      maxStalledCount: o.maxStalledCount,
    },
  );
  worker.on('failed', (job, error) => {
    o.log(`worker ${me}: trial ${job?.data.id ?? '?'} failed: ${error.message}`);
  });
  worker.on('error', (error) => o.log(`worker ${me}: ${error.message}`));
  await worker.waitUntilReady();
  o.log(`worker ${me}: waiting for trials on ${o.name} at ${o.url}`);
  return () => worker.close();
}
