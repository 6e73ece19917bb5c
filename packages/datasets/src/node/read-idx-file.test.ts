import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../dataset-error.js';
import { idxBytes } from '../test-utils/idx-bytes.js';
import { readIdxFile } from './read-idx-file.js';

const dir = mkdtempSync(join(tmpdir(), 'ae-idx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function errorOf(p: Promise<unknown>): Promise<DatasetError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (e instanceof DatasetError) return e;
  throw new Error(`expected a DatasetError, got ${String(e)}`);
}

describe('readIdxFile', () => {
  // int16 [2, 2]: 0x0102 = 258, 0xfffe = -2, 0x0000 = 0, 0x7fff = 32767.
  const file = idxBytes(0x0b, [2, 2], [0x01, 0x02, 0xff, 0xfe, 0, 0, 0x7f, 0xff]);

  it('reads a plain file', async () => {
    const path = join(dir, 'plain-idx');
    writeFileSync(path, file);
    const idx = await readIdxFile(path);
    expect(idx).toMatchObject({ type: 'int16', dims: [2, 2], source: path });
    expect(Array.from(idx.data)).toEqual([258, -2, 0, 32767]);
  });

  it('reads a gzip file, detected by content', async () => {
    const path = join(dir, 'compressed-without-extension');
    writeFileSync(path, gzipSync(file));
    const idx = await readIdxFile(path);
    expect(Array.from(idx.data)).toEqual([258, -2, 0, 32767]);
  });

  it('names the path for a missing file', async () => {
    const path = join(dir, 'missing');
    const e = await errorOf(readIdxFile(path));
    expect(e.code).toBe('FILE_NOT_FOUND');
    expect(e.message).toContain(path);
  });

  it('names the path for corrupt gzip', async () => {
    const path = join(dir, 'cut.gz');
    writeFileSync(path, gzipSync(new Uint8Array(5000).fill(3)).subarray(0, 30));
    const e = await errorOf(readIdxFile(path));
    expect(e.code).toBe('GZIP_FAILED');
    expect(e.message.startsWith(`${path}: `)).toBe(true);
  });

  it('names the path for a bad IDX header inside gzip', async () => {
    const path = join(dir, 'bad-magic.gz');
    writeFileSync(path, gzipSync(new Uint8Array([1, 0, 8, 1, 0, 0, 0, 1, 0])));
    const e = await errorOf(readIdxFile(path));
    expect(e.code).toBe('IDX_BAD_MAGIC');
    expect(e.message.startsWith(`${path}: `)).toBe(true);
  });
});
