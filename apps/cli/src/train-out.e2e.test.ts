/**
 * `ae train --out` end to end: a directory holding another run or the user's files is
 * refused before anything is written (`--resume` continues, `--overwrite` replaces), a
 * second run into a directory in use is refused by its lock (a stale lock of a dead
 * process is taken over), an `--out` inside the `images:` data folder is refused, and path
 * problems (a file, under a file, read-only, disk full) are found before training or named.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from './images/png.js';
import { ae, lastJson } from './test-utils/run-ae.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');
const QUICK = ['--model', 'vae', '--limit', '200', '--epochs', '1', '--batch-size', '50'];
const NET = ['--hidden', '16', '--latent-dim', '2', '--seed', '1'];
/** A private mount namespace is possible (root in a container with mount rights). */
const canMount =
  spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt'], {
    encoding: 'utf8',
  }).status === 0;

/** Expects a refusal: exit `code`, the last line of stderr matching `pattern`, no stack. */
function refused(r: { code: number; stderr: string }, pattern: RegExp, code = 1) {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr.trim().split('\n').at(-1)).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** Every file under `dir` with its size and modification time, to see that nothing changed. */
async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const s = await stat(join(dir, name));
    out.push(`${name} ${s.size} ${s.mtimeMs}`);
  }
  return out.sort();
}

let dir = '';
const run = (name: string) => join(dir, name);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ae-train-out-'));
  const r = await ae(['train', ...QUICK, ...NET, '--out', run('first'), '--json']);
  if (r.code !== 0) throw new Error(`ae train failed: ${r.stderr}`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a non-empty --out', () => {
  it('refuses another run, naming what is there, and changes nothing', async () => {
    const before = await snapshot(run('first'));
    const again = await ae(['train', ...QUICK, ...NET, '--out', run('first')]);
    refused(
      again,
      /^ae: \[CLI_OUT_NOT_EMPTY\] --out .*first holds another run \(ae\.json, best\/, checkpoints\/, decoder\/, encoder\/ and \d more\)\. Continue it with --resume, replace it with --overwrite, or choose a new or empty --out\.$/,
    );
    expect(again.stderr).not.toMatch(/epoch|backend/);
    expect(await snapshot(run('first'))).toEqual(before);
  });

  it("refuses the user's files; --overwrite writes the run beside them and keeps them", async () => {
    const mine = run('mine');
    await mkdir(mine);
    await writeFile(join(mine, 'notes.txt'), 'keep me');
    refused(
      await ae(['train', ...QUICK, ...NET, '--out', mine]),
      /^ae: \[CLI_OUT_NOT_EMPTY\] --out .*mine is not empty: it holds notes\.txt, which ae did not write\. Choose a new or empty --out, or pass --overwrite/,
    );
    const r = await ae(['train', ...QUICK, ...NET, '--overwrite', '--out', mine, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(join(mine, 'notes.txt'), 'utf8')).toBe('keep me');
    expect(existsSync(join(mine, 'ae.json'))).toBe(true);
  });

  it('--overwrite replaces a run: metrics of the new run only, no lock left', async () => {
    const out = run('replaced');
    const two = await ae(['train', ...QUICK, ...NET, '--epochs', '2', '--out', out]);
    expect(two.code, two.stderr).toBe(0);
    expect((await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(2);
    const r = await ae(['train', ...QUICK, ...NET, '--overwrite', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout).epochs).toBe(1);
    expect((await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
    const latest = JSON.parse(await readFile(join(out, 'checkpoints', 'latest.json'), 'utf8'));
    expect(latest.epoch).toBe(1);
    expect(readdirSync(join(out, 'checkpoints')).filter((n) => n.startsWith('epoch-'))).toEqual([
      'epoch-0001',
    ]);
    expect(existsSync(join(out, '.ae-train.lock'))).toBe(false);
  });

  it('an empty or missing --out is fine; --overwrite with --resume is a usage error', async () => {
    await mkdir(run('empty'));
    const r = await ae(['train', ...QUICK, ...NET, '--out', run('empty')]);
    expect(r.code, r.stderr).toBe(0);
    const both = await ae(['train', '--resume', '--overwrite', '--out', run('first')]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/option '--overwrite' cannot be used with option '--resume'/);
  });
});

describe('the lock of --out', () => {
  it('refuses a second ae train into a directory in use, and is gone after SIGTERM', async () => {
    const out = run('busy');
    const child = spawn(
      process.execPath,
      [bin, 'train', ...NET, '--epochs', '50', '--limit', '3000', '--out', out],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        if (stderr.includes('backend:')) resolve();
      });
    });
    const ended = new Promise((resolve) => child.on('exit', resolve));
    const lock = JSON.parse(await readFile(join(out, '.ae-train.lock'), 'utf8'));
    expect(lock).toMatchObject({ pid: child.pid, hostname: hostname() });
    const second = await ae(['train', ...QUICK, ...NET, '--out', out]);
    refused(
      second,
      new RegExp(
        `^ae: \\[CLI_OUT_LOCKED\\] --out .*busy is in use by another ae train \\(pid ${child.pid}, started ${lock.startedAt}\\)\\. Wait for it to end or choose another --out; if that run is gone, delete .*busy/\\.ae-train\\.lock\\.$`,
      ),
    );
    child.kill('SIGTERM');
    expect(await ended).toBe(143);
    expect(existsSync(join(out, '.ae-train.lock'))).toBe(false);
  });

  it('takes over the stale lock of a process that no longer runs, and says so', async () => {
    const out = run('stale');
    await mkdir(out);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const startedAt = '2026-01-01T00:00:00.000Z';
    await writeFile(
      join(out, '.ae-train.lock'),
      JSON.stringify({ pid: dead, hostname: hostname(), startedAt }),
    );
    const r = await ae(['train', ...QUICK, ...NET, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `ae: removed the stale lock ${join(out, '.ae-train.lock')} of pid ${dead} (started ${startedAt}), which no longer runs`,
    );
    expect(existsSync(join(out, '.ae-train.lock'))).toBe(false);
  });
});

describe('--out and the data', () => {
  it('refuses an --out inside (or equal to) the images: folder it trains on', async () => {
    const src = run('photos');
    await mkdir(join(src, 'a'), { recursive: true });
    const rgba = new Uint8Array(8 * 8 * 4).fill(255);
    for (let i = 0; i < 4; i++) {
      await writeFile(join(src, 'a', `${i}.png`), encodePng({ width: 8, height: 8, data: rgba }));
    }
    for (const out of [join(src, 'runs', 'one'), src]) {
      refused(
        await ae(['train', '--dataset', `images:${src}`, ...NET, '--out', out]),
        /^ae: \[CLI_OUT_IN_DATA\] --out .* is inside the data folder .*photos of --dataset images:…, so the run's pictures would become training data of the next run\. Choose an --out outside .*photos\.$/,
      );
    }
    expect(existsSync(join(src, 'runs'))).toBe(false);
  });
});

describe('path problems, found before training', () => {
  it('--out a file, or under a file', async () => {
    const file = run('a-file');
    await writeFile(file, 'x');
    const onFile = await ae(['train', ...QUICK, ...NET, '--out', file]);
    refused(
      onFile,
      /^ae: \[CLI_BAD_OUT\] --out .*a-file is a file, not a directory\. Give a directory \(new or empty\) for the files of the command\.$/,
    );
    expect(onFile.stderr).not.toMatch(/epoch/);
    refused(
      await ae(['train', ...QUICK, ...NET, '--out', join(file, 'sub')]),
      /^ae: \[CLI_BAD_OUT\] --out .*a-file\/sub: .*a-file is a file, so no directory can be made inside it\. Choose another path\.$/,
    );
    expect(await readFile(file, 'utf8')).toBe('x');
  });

  it('the output file of sample, reconstruct, manifold or embed a directory; export --out a file', async () => {
    const folder = run('pictures');
    await mkdir(folder);
    for (const [command, name] of [
      ['sample', 'sample.png'],
      ['reconstruct', 'reconstruct.png'],
      ['manifold', 'manifold.png'],
    ]) {
      refused(
        await ae([command as string, '--model-dir', run('first'), '--out', folder]),
        new RegExp(
          `^ae: \\[CLI_BAD_OUT\\] --out .*pictures is a directory; give a file name, e\\.g\\. --out .*pictures/${name}\\.$`,
        ),
      );
    }
    await mkdir(run('dir.png'));
    refused(
      await ae(['embed', '--model-dir', run('first'), '--out', run('dir.png')]),
      /^ae: \[CLI_BAD_OUT\] --out .*dir\.png is a directory/,
    );
    await writeFile(run('a-file'), 'x');
    refused(
      await ae(['export', '--model-dir', run('first'), '--out', run('a-file')]),
      /^ae: \[CLI_BAD_OUT\] --out .*a-file is a file, not a directory/,
    );
  });

  it.skipIf(!canMount)('a read-only --out is refused before the data is loaded', () => {
    const ro = run('read-only');
    const r = spawnSync(
      'unshare',
      [
        '-m',
        'sh',
        '-c',
        `mkdir -p '${ro}' && mount -t tmpfs -o ro tmpfs '${ro}' && '${process.execPath}' '${bin}' train ${[...QUICK, ...NET].join(' ')} --out '${ro}/run'`,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^ae: \[CLI_BAD_OUT\] --out .*read-only\/run: cannot write into .*read-only \(EROFS: read-only file system\)\. Choose a directory you can write to\.$/,
    );
  });

  it.skipIf(!canMount)('a full disk names what was written and how to continue', () => {
    const full = run('full');
    const r = spawnSync(
      'unshare',
      [
        '-m',
        'sh',
        '-c',
        `mkdir -p '${full}' && mount -t tmpfs -o size=600k tmpfs '${full}' && '${process.execPath}' '${bin}' train ${[...NET, '--hidden', '64', '--limit', '200', '--epochs', '3'].join(' ')} --out '${full}/run'`,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(1);
    const last = r.stderr.trim().split('\n').at(-1);
    expect(last).toMatch(
      /^ae: \[CLI_WRITE_FAILED\] writing into --out .*full\/run failed: no space left on device\. (The last complete checkpoint \(epoch \d\) is kept: free some space and continue with --resume --out .*full\/run\.|Free some space or choose another --out\.)$/,
    );
  });

  it.skipIf(!canMount)('a full disk under ae sample --out names the picture', () => {
    const full = run('full-sample');
    const r = spawnSync(
      'unshare',
      [
        '-m',
        'sh',
        '-c',
        `mkdir -p '${full}' && mount -t tmpfs -o size=8k tmpfs '${full}' && '${process.execPath}' '${bin}' sample --model-dir '${run('first')}' --out '${full}/sample.png'`,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(
      /^ae: \[CLI_WRITE_FAILED\] writing .*full-sample\/sample\.png failed: no space left on device\. Free some space or choose another path\.$/,
    );
  });
});
