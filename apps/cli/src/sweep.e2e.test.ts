/**
 * `ae sweep` on this machine: trials as parallel `ae train` children, the results files, the
 * best trial, the pictures; a sweep killed mid-trial and run again (finished trials skipped,
 * the cut one resumed from its checkpoint); bad sweep files refused before anything runs.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from './images/png.js';
import { ae, lastJson } from './test-utils/run-ae.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const untimed = ({ seconds: _s, samplesPerSecond: _r, ...rest }: Record<string, number>) => rest;
const epochs = (dir: string) =>
  readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => untimed(JSON.parse(l)));
const jsonl = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ae-sweep-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const BASE =
  'base: { model: vae, dataset: mnist, epochs: 2, limit: 400, batch-size: 50, hidden: [32], latent-dim: 2 }';

describe('ae sweep on this machine', () => {
  it('runs the trials two at a time and writes results, the best trial and pictures', async () => {
    const file = join(dir, 'local.yaml');
    await writeFile(
      file,
      [
        BASE,
        'grid: { beta: [0.5, 2] }',
        'random: { learning-rate: { log-uniform: [0.001, 0.01] } }',
        'seeds: [0]',
        'budget: 2',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'local');
    const r = await ae(['sweep', '--out', out, '--parallel', '2', '--json', file]);
    expect(r.code, r.stderr).toBe(0);
    const summary = lastJson(r.stdout);
    expect(summary).toMatchObject({
      trials: 2,
      finished: 2,
      skipped: 0,
      failed: [],
      mode: 'local',
    });
    // A line per trial event and the count of trials.
    expect(r.stderr).toMatch(/trial t[0-9a-f]{10} started: beta=0\.5 learningRate=0\.00\d+ seed=0/);
    expect(r.stderr).toMatch(/trial t[0-9a-f]{10}: epoch 2\/2/);
    expect(r.stderr).toMatch(/\[2\/2 trials, best /);

    const results = jsonl(join(out, 'results.jsonl'));
    expect(results).toHaveLength(2);
    expect(results.map((x) => x.params.beta).sort()).toEqual([0.5, 2]);
    for (const x of results) {
      const lr = x.params.learningRate;
      expect(lr).toBeGreaterThanOrEqual(0.001);
      expect(lr).toBeLessThanOrEqual(0.01);
      expect(x.metric).toEqual({ name: 'val_total', value: x.metrics.val_total });
      expect(x.worker).toBe('local');
      // An ordinary ae train run in its own directory, with its checkpoints.
      expect(x.dir).toBe(join(out, x.id));
      for (const f of [
        'ae.json',
        'metrics.jsonl',
        'loss.png',
        'checkpoints/latest.json',
        'config.json',
      ]) {
        expect(existsSync(join(x.dir, f)), f).toBe(true);
      }
      expect(JSON.parse(await readFile(join(x.dir, 'config.json'), 'utf8'))).toMatchObject({
        epochs: 2,
        limit: 400,
        batchSize: 50,
        beta: x.params.beta,
        learningRate: lr,
        seed: 0,
      });
    }
    const csv = (await readFile(join(out, 'results.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]?.split(',').slice(0, 5)).toEqual([
      'id',
      'beta',
      'learningRate',
      'seed',
      'val_total',
    ]);
    expect(csv).toHaveLength(3);
    const row = csv.find((l) => l.startsWith(results[0].id))?.split(',');
    expect(Number(row?.[4])).toBe(results[0].metrics.val_total);

    // The best trial: the lower val_total of the two.
    const lowest = [...results].sort((p, q) => p.metric.value - q.metric.value)[0];
    const best = JSON.parse(await readFile(join(out, 'best.json'), 'utf8'));
    expect(best.trial.id).toBe(lowest.id);
    expect(best.trial.value).toBe(lowest.metric.value);
    expect(summary.best.trial.id).toBe(lowest.id);

    for (const png of [
      'val_total-vs-beta.png',
      'val_total-vs-learningRate.png',
      'best-curves.png',
    ]) {
      const img = decodePng(await readFile(join(out, png)));
      expect(img.width, png).toBeGreaterThan(600);
    }

    // The same trial trained alone: the same metrics, epoch by epoch.
    const alone = join(dir, 'alone');
    const run = await ae([
      'train',
      '--config',
      join(lowest.dir, 'config.json'),
      '--out',
      alone,
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(untimed(lastJson(run.stdout).metrics)).toEqual(untimed(lowest.metrics));
    expect(epochs(alone)).toEqual(epochs(lowest.dir));
  });

  it('skips finished trials and resumes the one a killed sweep left, to the metrics of a lone run', async () => {
    const file = join(dir, 'resume.yaml');
    // Slow enough per trial (3 epochs of 2,000 examples) to be killed between checkpoints.
    await writeFile(
      file,
      [
        'base: { model: vae, dataset: mnist, epochs: 3, limit: 2000, batch-size: 50, hidden: [64], latent-dim: 2 }',
        'grid: { beta: [1, 3] }',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'resume');
    const child = spawn(process.execPath, [bin, 'sweep', '--out', out, file], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('close', (_c, s) => r(s)));
    // Kill the sweep when the first trial is done and the second has a checkpoint.
    const deadline = Date.now() + 480_000;
    let second = '';
    while (Date.now() < deadline) {
      const started = [...stderr.matchAll(/trial (t[0-9a-f]+) started/g)].map(
        (m) => m[1] as string,
      );
      second = started[1] ?? '';
      if (second && existsSync(join(out, second, 'checkpoints', 'latest.json'))) break;
      await sleep(25);
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const first = [...stderr.matchAll(/trial (t[0-9a-f]+) finished/g)].map((m) => m[1]);
    expect(first).toHaveLength(1);
    const cut = JSON.parse(await readFile(join(out, second, 'checkpoints', 'latest.json'), 'utf8'));
    expect(cut.epoch).toBeLessThan(3);
    // The trial's ae train child ends with the sweep: its checkpoint stays where it was.
    await sleep(2000);
    expect(
      JSON.parse(await readFile(join(out, second, 'checkpoints', 'latest.json'), 'utf8')).epoch,
    ).toBe(cut.epoch);
    expect(existsSync(join(out, second, 'result.json'))).toBe(false);

    const again = await ae(['sweep', '--out', out, '--json', file]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/2 trials \(1 finished before, 1 to run\)/);
    expect(again.stderr).toMatch(new RegExp(`trial ${second} resumed`));
    expect(lastJson(again.stdout)).toMatchObject({ trials: 2, finished: 1, skipped: 1 });
    const results = jsonl(join(out, 'results.jsonl'));
    expect(results.map((x) => x.id).sort()).toEqual([first[0], second].sort());
    const resumed = results.find((x) => x.id === second);
    expect(resumed.resumedFrom).toBe(cut.epoch);
    const alone = join(dir, 'resume-alone');
    const run = await ae([
      'train',
      '--config',
      join(out, second, 'config.json'),
      '--out',
      alone,
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(untimed(resumed.metrics)).toEqual(untimed(lastJson(run.stdout).metrics));
    expect(epochs(join(out, second))).toEqual(epochs(alone));

    // Everything finished: a third run trains nothing.
    const third = await ae(['sweep', '--out', out, '--json', file]);
    expect(third.code, third.stderr).toBe(0);
    expect(lastJson(third.stdout)).toMatchObject({ trials: 2, finished: 0, skipped: 2 });
    expect(third.stderr).not.toMatch(/started/);
  });

  it('refuses a bad parameter name or range in one line, before any trial runs or a queue is reached', async () => {
    const cases: [string, string][] = [
      ['grid: { betta: [1, 2] }', 'grid.betta[0]: field "betta" is not an option of ae train'],
      ['grid: { beta: [1, -2] }', 'grid.beta[1]: field "beta" must be ≥ 0, got -2.'],
      [
        'random: { learning-rate: { log-uniform: [0, 0.1] } }\nbudget: 2',
        '"random.learning-rate": a log-uniform range needs low > 0',
      ],
      [
        'random: { beta: { uniform: [3, 1] } }\nbudget: 2',
        '"random.beta": the range [3, 1] is empty',
      ],
    ];
    for (const [i, [body, message]] of cases.entries()) {
      const file = join(dir, `bad-${i}.yaml`);
      await writeFile(file, `${BASE}\n${body}\n`);
      const out = join(dir, `bad-${i}`);
      // An unreachable queue: the file is refused first, so the queue is never contacted.
      const r = await ae(['sweep', '--out', out, '--queue', 'redis://127.0.0.1:9', file]);
      expect(r.code, body).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines, body).toHaveLength(1);
      expect(lines[0]).toContain(`ae: [CLI_BAD_CONFIG] ${file}: ${message}`);
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    }
    // A good file with that unreachable queue: refused, naming the URL.
    const good = join(dir, 'good.yaml');
    await writeFile(good, `${BASE}\ngrid: { beta: [1] }\n`);
    const r = await ae([
      'sweep',
      '--out',
      join(dir, 'unreachable'),
      '--queue',
      'redis://127.0.0.1:9',
      good,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^ae: \[SWEEP_QUEUE_UNREACHABLE\] --queue redis:\/\/127\.0\.0\.1:9: Redis does not answer/,
    );
  });
});
