/**
 * A process killed at every single file operation of a swap: afterwards (and after the
 * recovery a next start runs) the target holds the old complete unit or the new complete one.
 */
import { existsSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { recoverDir, replaceDirAtomic, replaceEntriesAtomic } from './atomic.js';

/** From operation number `killAt` on, every write-side file operation fails, as in a dead process. */
const fault = vi.hoisted(() => ({ killAt: -1, count: 0 }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const guard =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      fault.count += 1;
      if (fault.killAt >= 0 && fault.count > fault.killAt) throw new Error('killed');
      return f(...a);
    };
  return {
    ...real,
    rename: guard(real.rename),
    rm: guard(real.rm),
    mkdir: guard(real.mkdir),
    writeFile: guard(real.writeFile),
  };
});

const fresh = () => fsp.mkdtemp(join(tmpdir(), 'ae-core-crash-'));
const read = (p: string) => fsp.readFile(p, 'utf8');

/** Writes a "model" of version `v` into `dir`: ae.json naming it, and two network folders. */
async function writeModel(dir: string, v: string): Promise<void> {
  await fsp.writeFile(join(dir, 'ae.json'), v);
  for (const net of ['encoder', 'decoder']) {
    await fsp.mkdir(join(dir, net), { recursive: true });
    await fsp.writeFile(join(dir, net, 'weights.bin'), v);
  }
}

/** The version of the model in `dir`, or throws when its parts disagree or one is missing. */
async function modelVersion(dir: string): Promise<string> {
  const v = await read(join(dir, 'ae.json'));
  for (const net of ['encoder', 'decoder']) {
    expect(await read(join(dir, net, 'weights.bin'))).toBe(v);
  }
  return v;
}

/** Runs `op` with a kill after `killAt` operations; returns whether it finished. */
async function runKilledAt(killAt: number, op: () => Promise<void>): Promise<boolean> {
  fault.count = 0;
  fault.killAt = killAt;
  try {
    await op();
    return true;
  } catch {
    return false;
  } finally {
    fault.killAt = -1;
  }
}

describe('a kill at any file operation of a swap', () => {
  it('leaves the old model or the new one in a run folder, never a mix; the other files stay', async () => {
    const swap = (dir: string) =>
      replaceEntriesAtomic(dir, 'ae-model', (staging) => writeModel(staging, 'new'), {
        commit: 'ae.json',
        retire: ['encoder', 'decoder'],
      });
    // Count the operations of one whole swap.
    const probe = await fresh();
    await writeModel(probe, 'old');
    fault.count = 0;
    await swap(probe);
    const total = fault.count;
    expect(total).toBeGreaterThan(10);
    const seen = new Set<string>();
    for (let k = 0; k <= total; k++) {
      const dir = await fresh();
      await writeModel(dir, 'old');
      await fsp.writeFile(join(dir, 'metrics.jsonl'), 'keep');
      const finished = await runKilledAt(k, () => swap(dir));
      expect(finished).toBe(k === total);
      // The next start: recovery, then the model is read.
      await recoverDir(dir);
      const v = await modelVersion(dir);
      seen.add(v);
      if (finished) expect(v).toBe('new');
      expect(await read(join(dir, 'metrics.jsonl'))).toBe('keep');
      expect((await fsp.readdir(dir)).sort()).toEqual([
        'ae.json',
        'decoder',
        'encoder',
        'metrics.jsonl',
      ]);
    }
    // Early kills keep the old model, late ones (after the new one was complete) the new one.
    expect([...seen].sort()).toEqual(['new', 'old']);
  });

  it('never leaves a run without best/: a kill between moving the old out and the new in is rolled forward', async () => {
    const swap = (run: string) => replaceDirAtomic(join(run, 'best'), (d) => writeModel(d, 'new'));
    const probe = await fresh();
    await fsp.mkdir(join(probe, 'best'));
    await writeModel(join(probe, 'best'), 'old');
    fault.count = 0;
    await swap(probe);
    const total = fault.count;
    for (let k = 0; k <= total; k++) {
      const run = await fresh();
      await fsp.mkdir(join(run, 'best'));
      await writeModel(join(run, 'best'), 'old');
      const finished = await runKilledAt(k, () => swap(run));
      await recoverDir(run, 'best');
      expect(existsSync(join(run, 'best'))).toBe(true);
      const v = await modelVersion(join(run, 'best'));
      if (finished) expect(v).toBe('new');
      expect(await fsp.readdir(run)).toEqual(['best']);
    }
  });

  it('a first save killed midway leaves nothing half-written after recovery', async () => {
    const run = await fresh();
    const finished = await runKilledAt(3, () =>
      replaceDirAtomic(join(run, 'best'), (d) => writeModel(d, 'new')),
    );
    expect(finished).toBe(false);
    await recoverDir(run);
    expect(await fsp.readdir(run)).toEqual([]);
  });

  it('recovery moves only names inside the folder, whatever a journal says', async () => {
    const outer = await fresh();
    const run = join(outer, 'run');
    await fsp.mkdir(run);
    await fsp.writeFile(join(outer, 'precious'), 'keep');
    const ready = join(run, '.m.ready-999999999-abcd');
    await fsp.mkdir(join(ready, 'ae.json'), { recursive: true });
    await fsp.writeFile(
      join(ready, '.swap.json'),
      JSON.stringify({ entries: ['ae.json'], retire: ['../precious'], commit: 'ae.json' }),
    );
    await recoverDir(run);
    expect(await read(join(outer, 'precious'))).toBe('keep');
    expect(await fsp.readdir(run)).toEqual(['ae.json']);
  });

  it('recovery leaves the leftovers of a live process alone', async () => {
    const run = await fresh();
    // pid 1 is alive on every Unix machine.
    await fsp.mkdir(join(run, '.best.tmp-1-abcd'));
    await fsp.writeFile(join(run, '.best.tmp-999999999-abcd'), 'x');
    await recoverDir(run);
    expect(await fsp.readdir(run)).toEqual(['.best.tmp-1-abcd']);
  });
});
