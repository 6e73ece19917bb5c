import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { checkUnlocked, LOCK_FILE, takeRunLock } from './run-lock.js';

let dir = '';
const notes: string[] = [];
const log = (line: string) => notes.push(line);
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ae-run-lock-'));
  notes.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('takeRunLock', () => {
  it('records pid, host and start time, refuses a second holder, and is gone on release', async () => {
    const lock = takeRunLock(dir, 'runs/x', log);
    const info = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'));
    expect(info).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(Number.isNaN(Date.parse(info.startedAt))).toBe(false);
    // This process runs, so its lock is live: another taker (or a check) is refused.
    expect(() => takeRunLock(dir, 'runs/x', log)).toThrow(CliError);
    expect(() => checkUnlocked(dir, 'runs/x')).toThrow(
      `--out runs/x is in use by another ae train (pid ${process.pid}, started ${info.startedAt}).`,
    );
    lock.release();
    lock.release();
    expect(await readdir(dir)).toEqual([]);
    expect(notes).toEqual([]);
  });

  it('takes a lock of another host as held, naming the host', async () => {
    const startedAt = '2026-01-01T00:00:00.000Z';
    await writeFile(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: 1, hostname: 'elsewhere.example', startedAt }),
    );
    expect(() => takeRunLock(dir, 'runs/x', log)).toThrow(
      `is in use by another ae train (pid 1 on host elsewhere.example, started ${startedAt})`,
    );
    expect(await readdir(dir)).toEqual([LOCK_FILE]);
  });

  it('refuses a lock file it cannot read, saying which file to delete', async () => {
    await writeFile(join(dir, LOCK_FILE), 'garbage');
    const f = () => takeRunLock(dir, 'runs/x', log);
    expect(f).toThrow(
      /has a lock file .*\.ae-train\.lock that cannot be read\. If no ae train writes into runs\/x, delete that file/,
    );
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  });
});
