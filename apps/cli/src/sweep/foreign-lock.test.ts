import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../run-lock.js';
import { releaseForeignLock } from './foreign-lock.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function trialDir(lock?: object): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ae-foreign-lock-'));
  dirs.push(dir);
  if (lock) await writeFile(join(dir, LOCK_FILE), JSON.stringify(lock));
  return dir;
}

describe('releaseForeignLock', () => {
  it('removes a run lock of another host, with a note', async () => {
    const dir = await trialDir({ pid: 42, hostname: `${hostname()}-elsewhere`, startedAt: 'x' });
    const notes: string[] = [];
    expect(releaseForeignLock(dir, (l) => notes.push(l))).toBe(`${hostname()}-elsewhere`);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(notes[0]).toMatch(/removed the run lock of host .*-elsewhere \(pid 42\)/);
  });

  it('leaves locks of this host (ae train judges those) and directories without a lock', async () => {
    const mine = await trialDir({ pid: process.pid, hostname: hostname(), startedAt: 'x' });
    const notes: string[] = [];
    expect(releaseForeignLock(mine, (l) => notes.push(l))).toBeUndefined();
    expect(existsSync(join(mine, LOCK_FILE))).toBe(true);
    expect(releaseForeignLock(await trialDir(), (l) => notes.push(l))).toBeUndefined();
    expect(notes).toEqual([]);
  });
});
