/**
 * `ae train` as a long job: checkpoints, a run killed with SIGKILL and resumed, the NaN
 * guard, config files and the loss picture.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from './images/png.js';
import { ae, lastJson, redStats } from './test-utils/run-ae.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Metrics lines without the timing fields, which differ between runs. */
function epochs(path: string): Record<string, number>[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const { seconds: _s, samplesPerSecond: _r, ...rest } = JSON.parse(l);
      return rest;
    });
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ae-resume-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ae train --resume after SIGKILL', () => {
  // Slow enough per epoch (~6,000 examples) to be killed inside epoch 2.
  const flags = [
    'train',
    ...['--model', 'vae', '--epochs', '3', '--limit', '6000', '--batch-size', '100'],
    ...['--hidden', '256', '--latent-dim', '4', '--seed', '3'],
    ...['--kl-schedule', 'warmup:1', '--lr-schedule', 'cosine'],
  ];

  it('reaches the same weights and metrics as an uninterrupted run', async () => {
    const straight = join(dir, 'straight');
    const killed = join(dir, 'killed');
    const full = await ae([...flags, '--out', straight, '--json']);
    expect(full.code, full.stderr).toBe(0);

    const child = spawn(process.execPath, [bin, ...flags, '--out', killed], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, s) => r(s)));
    const latest = join(killed, 'checkpoints', 'latest.json');
    // Within the suite's 600 s limit: the first epoch may be slow on a loaded machine.
    const deadline = Date.now() + 480_000;
    while (!existsSync(latest) && Date.now() < deadline) await sleep(20);
    expect(JSON.parse(await readFile(latest, 'utf8')).epoch).toBe(1);
    await sleep(300); // into epoch 2
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // Killed inside epoch 2: its checkpoint never came, and the run never finished.
    expect(JSON.parse(await readFile(latest, 'utf8')).epoch).toBe(1);
    expect(existsSync(join(killed, 'ae.json'))).toBe(false);

    const resumed = await ae(['train', '--resume', '--out', killed, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming after epoch 1/);
    const a = lastJson(full.stdout);
    const b = lastJson(resumed.stdout);
    expect(b.resumedFrom).toBe(1);
    expect(b.steps).toBe(a.steps);
    expect(epochs(join(killed, 'metrics.jsonl'))).toEqual(epochs(join(straight, 'metrics.jsonl')));
    for (const net of ['encoder', 'decoder']) {
      const wa = await readFile(join(straight, net, 'weights.bin'));
      const wb = await readFile(join(killed, net, 'weights.bin'));
      expect(wb.equals(wa), `${net} weights differ`).toBe(true);
    }
  });

  it('refuses to resume without a checkpoint, or with another model', async () => {
    const none = await ae(['train', '--resume', '--out', join(dir, 'nothing')]);
    expect(none.code).toBe(1);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toMatch(/CLI_NO_CHECKPOINT.*no checkpoint in .*nothing/);
    const other = await ae(['train', '--resume', '--out', join(dir, 'straight'), '--model', 'ae']);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/started with --model "vae", not "ae"/);
  });
});

describe('ae train stops on a non-finite loss', () => {
  it('names the step and the term, keeps the last good checkpoint, prints no stack', async () => {
    const out = join(dir, 'nan');
    // SGD whose learning rate warms up far past what the VAE can take: finite for some
    // epochs, then infinite.
    const r = await ae([
      'train',
      ...['--epochs', '50', '--limit', '500', '--batch-size', '50', '--hidden', '32'],
      ...['--latent-dim', '4', '--optimizer', 'sgd', '--learning-rate', '2'],
      ...['--lr-schedule', 'cosine:40', '--out', out],
    ]);
    expect(r.code).toBe(1);
    const line = r.stderr.trim().split('\n').at(-1) ?? '';
    const m = line.match(
      /^ae: \[TRAIN_NON_FINITE_LOSS\] loss term "(\w+)" is (NaN|Infinity|-Infinity) at step (\d+)\..*last good checkpoint \(epoch (\d+)\)/,
    );
    expect(m, line).not.toBeNull();
    const [, , , step, epoch] = m as RegExpMatchArray;
    // 10 steps per epoch: the last checkpoint is the epoch before the failing step.
    expect(Number(epoch)).toBe(Math.floor((Number(step) - 1) / 10));
    expect(Number(epoch)).toBeGreaterThanOrEqual(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const latest = JSON.parse(await readFile(join(out, 'checkpoints', 'latest.json'), 'utf8'));
    expect(latest.epoch).toBe(Number(epoch));
    expect(existsSync(join(out, 'checkpoints', latest.dir, 'model', 'ae.json'))).toBe(true);
  });
});

describe('ae train --config', () => {
  it('reads YAML with flag names, lets flags win, and draws loss.png', async () => {
    const config = join(dir, 'run.yaml');
    await writeFile(
      config,
      [
        'model: vae',
        'epochs: 1',
        'limit: 300',
        'batch-size: 50',
        'hidden: [32]',
        'latent-dim: 2',
        `out: ${join(dir, 'from-config')}`,
      ].join('\n'),
    );
    const r = await ae(['train', '--config', config, '--epochs', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout);
    expect(s.epochs).toBe(2); // the flag
    expect(s.examples.train).toBe(300); // the file
    expect(s.steps).toBe(12);
    expect(s.best.epoch).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(s.files.best, 'ae.json'))).toBe(true);
    const ae2 = JSON.parse(await readFile(join(s.files.model, 'ae.json'), 'utf8'));
    expect(ae2.config.latentDim).toBe(2);
    const png = decodePng(await readFile(s.files.loss));
    expect(png.width).toBeGreaterThan(400);
    expect(redStats(png).sd).toBeGreaterThan(10);
  });

  const bad: [string, string, RegExp][] = [
    ['zero.yaml', 'epochs: 2\nbatch-size: 0\n', /field "batch-size" must be > 0, got 0/],
    ['typo.yaml', 'epochs: 1\nlimt: 3\n', /field "limt" is not an option of ae train/],
    ['broken.yaml', 'epochs: [1\n', /cannot be parsed/],
    ['model.json', '{"model": "vea"}', /field "model" is "vea": Allowed choices are ae, dae/],
    ['list.yaml', '- 1\n- 2\n', /expected a mapping of option names/],
  ];
  for (const [name, text, message] of bad) {
    it(`gives one clear line for ${name}`, async () => {
      const path = join(dir, name);
      await writeFile(path, text);
      const r = await ae(['train', '--config', path]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }

  it('says when the file is missing', async () => {
    const r = await ae(['train', '--config', join(dir, 'absent.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/CLI_BAD_CONFIG.*absent\.yaml: no such file/);
  });
});
