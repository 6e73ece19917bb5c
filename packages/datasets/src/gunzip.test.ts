import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './dataset-error.js';
import { gunzip } from './gunzip.js';
import { readIdx } from './idx.js';
import { idxBytes } from './test-utils/idx-bytes.js';

describe('gunzip (DecompressionStream)', () => {
  it('round-trips bytes compressed by zlib', async () => {
    const file = idxBytes(0x08, [2, 2], [1, 2, 3, 4]);
    const out = await gunzip(gzipSync(file), 'x.gz');
    expect(Array.from(out)).toEqual(Array.from(file));
    expect(Array.from(readIdx(out, 'x.gz').data)).toEqual([1, 2, 3, 4]);
  });

  it('reports corrupt data as GZIP_FAILED naming the source', async () => {
    const bad = gzipSync(new Uint8Array(1000)).subarray(0, 20);
    const e = await gunzip(bad, 'cut.gz').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DatasetError);
    expect((e as DatasetError).code).toBe('GZIP_FAILED');
    expect((e as DatasetError).message).toMatch(/^cut\.gz: /);
  });
});
