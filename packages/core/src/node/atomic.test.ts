import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceDirAtomic, tempPathFor, writeFileAtomic } from './atomic.js';

const fresh = () => mkdtemp(join(tmpdir(), 'ae-core-atomic-'));

describe('writeFileAtomic', () => {
  it('writes the whole file, creating folders, and leaves no temporary file', async () => {
    const dir = await fresh();
    const path = join(dir, 'a', 'b.json');
    await writeFileAtomic(path, '{"v":1}');
    await writeFileAtomic(path, '{"v":2}');
    expect(await readFile(path, 'utf8')).toBe('{"v":2}');
    expect(await readdir(join(dir, 'a'))).toEqual(['b.json']);
  });

  it('keeps the old file when the write fails', async () => {
    const dir = await fresh();
    const path = join(dir, 'keep.txt');
    await writeFile(path, 'old');
    // A Symbol is not writable data: writeFile rejects after the temp name is chosen.
    await expect(writeFileAtomic(path, Symbol('bad') as unknown as string)).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['keep.txt']);
  });
});

describe('replaceDirAtomic', () => {
  it('puts the filled directory in place of the old one', async () => {
    const dir = await fresh();
    const target = join(dir, 'model');
    await replaceDirAtomic(target, (d) => writeFile(join(d, 'x'), '1'));
    await replaceDirAtomic(target, (d) => writeFile(join(d, 'y'), '2'));
    expect(await readdir(target)).toEqual(['y']);
    expect(await readdir(dir)).toEqual(['model']);
  });

  it('leaves the old directory whole when filling fails', async () => {
    const dir = await fresh();
    const target = join(dir, 'model');
    await replaceDirAtomic(target, (d) => writeFile(join(d, 'x'), '1'));
    await expect(
      replaceDirAtomic(target, async (d) => {
        await writeFile(join(d, 'half'), '');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await readdir(target)).toEqual(['x']);
    expect(await readdir(dir)).toEqual(['model']);
  });

  it('temporary names sit beside the target and never repeat', () => {
    const a = tempPathFor('/data/run/best');
    const b = tempPathFor('/data/run/best');
    expect(a.startsWith('/data/run/.best.tmp-')).toBe(true);
    expect(a).not.toBe(b);
    expect(existsSync(a)).toBe(false);
  });
});
