/**
 * `ae sweep --queue` with two `ae worker` processes on a real redis-server: one worker is
 * killed with SIGKILL in the middle of a trial; BullMQ's stalled-job check hands the trial to
 * the other worker, which resumes it from its checkpoint. Every trial must finish exactly once,
 * with the metrics of the same trial trained alone by `ae train --config`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ae, lastJson } from './test-utils/run-ae.js';
import { findTestRedis } from './test-utils/test-redis.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const redis = await findTestRedis();
if (redis.skipReason) console.warn(`sweep-queue.e2e: skipped: ${redis.skipReason}`);

/** Metrics without the timing entries, which differ between runs. */
const untimed = ({ seconds: _s, samplesPerSecond: _r, ...rest }: Record<string, number>) => rest;
const epochs = (dir: string) =>
  readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => untimed(JSON.parse(l)));

/** A child process with its stderr collected. */
interface Proc {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
function start(args: string[]): Proc {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let out = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on('close', (code, signal) => r({ code, signal })),
  );
  return { child, stderr: () => err, stdout: () => out, exited };
}

async function until(what: string, ok: () => boolean, ms = 300_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const queueName = `ae-test-${process.pid}-${Date.now().toString(36)}`;
let dir = '';
const workers: Proc[] = [];

describe.skipIf(Boolean(redis.skipReason))('ae sweep --queue with two ae worker processes', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ae-sweep-queue-'));
  });
  afterAll(async () => {
    for (const w of workers)
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    if (redis.url) {
      const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
      for (const name of [queueName, `${queueName}-bad`]) {
        const q = new Queue(name, { connection });
        await q.obliterate({ force: true });
        await q.close();
      }
      connection.disconnect();
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('reaches Redis (in CI a missing Redis fails here)', () => {
    expect(redis.failReason).toBeUndefined();
    expect(redis.url).toMatch(/^redis:\/\//);
  });

  it('finishes every trial exactly once, the killed worker’s trial resumed elsewhere with the metrics of a lone run', async () => {
    expect(redis.url, redis.failReason).toBeDefined();
    const url = redis.url as string;
    const file = join(dir, 'sweep.yaml');
    // Slow enough per trial (4 epochs of 1,200 examples) to be killed between checkpoints.
    await writeFile(
      file,
      [
        'base: { model: vae, dataset: mnist, epochs: 4, limit: 1200, batch-size: 50, hidden: [64], latent-dim: 2 }',
        'grid: { beta: [1, 2, 4] }',
        'seeds: [3]',
        '',
      ].join('\n'),
    );
    const workerArgs = (name: string) => [
      'worker',
      ...['--queue', url, '--queue-name', queueName, '--name', name],
      // Recovery within seconds, with room for a loaded machine to renew locks late.
      ...['--lock-duration', '5000', '--stalled-interval', '1000'],
    ];
    const a = start(workerArgs('worker-a'));
    const b = start(workerArgs('worker-b'));
    workers.push(a, b);
    await until(
      'both workers',
      () => /waiting for trials/.test(a.stderr()) && /waiting for trials/.test(b.stderr()),
      120_000,
    );

    const out = join(dir, 'sweep');
    const sweep = start([
      'sweep',
      '--queue',
      url,
      '--queue-name',
      queueName,
      '--out',
      out,
      '--json',
      file,
    ]);
    // Kill worker A once its trial has a checkpoint and is not finished.
    let victim = '';
    await until('a checkpoint of a trial of worker A', () => {
      const m = [...a.stderr().matchAll(/worker-a: trial (t[0-9a-f]+) started/g)].at(-1);
      if (!m?.[1]) return false;
      victim = m[1];
      return (
        existsSync(join(out, victim, 'checkpoints', 'latest.json')) &&
        !existsSync(join(out, victim, 'result.json'))
      );
    });
    a.child.kill('SIGKILL');
    expect((await a.exited).signal).toBe('SIGKILL');
    const killedAt = JSON.parse(
      await readFile(join(out, victim, 'checkpoints', 'latest.json'), 'utf8'),
    );
    expect(killedAt.epoch).toBeLessThan(4);
    expect(existsSync(join(out, victim, 'result.json'))).toBe(false);

    const done = await sweep.exited;
    expect(done.code, sweep.stderr()).toBe(0);
    const summary = lastJson(sweep.stdout());
    expect(summary.trials).toBe(3);
    expect(summary.failed).toEqual([]);

    // Exactly once: one result line per trial, trained to the end once across both workers
    // (a trial handed out again after it finished is reported from its result, not trained).
    const plan = JSON.parse(await readFile(join(out, 'sweep.json'), 'utf8'));
    const ids: string[] = plan.trials.map((t: { id: string }) => t.id);
    const lines = (await readFile(join(out, 'results.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((r) => r.id).sort()).toEqual([...ids].sort());
    const logs = a.stderr() + b.stderr();
    for (const id of ids) {
      expect(logs.match(new RegExp(`trial ${id} finished`, 'g')) ?? []).toHaveLength(1);
    }
    // The killed trial: taken by A, then taken again and resumed from its checkpoint by B.
    expect(b.stderr()).toMatch(new RegExp(`worker-b: trial ${victim} resumed from its checkpoint`));
    const resumed = lines.find((r) => r.id === victim);
    expect(resumed.worker).toBe('worker-b');
    expect(resumed.resumedFrom).toBeGreaterThanOrEqual(1);
    expect(resumed.resumedFrom).toBe(killedAt.epoch);

    // BullMQ's view: every job completed once, none failed.
    const connection = new Redis(url, { maxRetriesPerRequest: null });
    const queue = new Queue(queueName, { connection });
    const counts = await queue.getJobCounts('completed', 'failed', 'active', 'wait');
    await queue.close();
    connection.disconnect();
    expect(counts).toEqual({ completed: 3, failed: 0, active: 0, wait: 0 });

    // The same trial alone (a plain ae train of its config): identical metrics, epoch by epoch.
    const alone = await Promise.all(
      lines.map((r) =>
        ae([
          'train',
          '--config',
          join(r.dir, 'config.json'),
          '--out',
          join(dir, 'alone', r.id),
          '--json',
        ]),
      ),
    );
    lines.forEach((r, i) => {
      const run = alone[i] as Awaited<ReturnType<typeof ae>>;
      expect(run.code, run.stderr).toBe(0);
      expect(untimed(r.metrics)).toEqual(untimed(lastJson(run.stdout).metrics));
      expect(epochs(r.dir)).toEqual(epochs(join(dir, 'alone', r.id)));
    });
  });

  it('enqueues nothing when a parameter is bad', async () => {
    expect(redis.url, redis.failReason).toBeDefined();
    const url = redis.url as string;
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'base: { model: vae, limit: 100 }\ngrid: { beta: [1, -1] }\n');
    const r = await ae([
      'sweep',
      '--queue',
      url,
      '--queue-name',
      `${queueName}-bad`,
      '--out',
      join(dir, 'bad'),
      file,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `ae: [CLI_BAD_CONFIG] ${file}: grid.beta[1]: field "beta" must be ≥ 0, got -1.`,
    ]);
    const connection = new Redis(url);
    expect(await connection.keys(`bull:${queueName}-bad:*`)).toEqual([]);
    connection.disconnect();
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });
});
