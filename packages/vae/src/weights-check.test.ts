import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checksumOf } from './weights-check.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('checksumOf', () => {
  const data = new Uint8Array(100_003).map((_, i) => (i * 31) % 251);
  const want = createHash('sha256').update(data).digest('hex');

  it('is the SHA-256 of the bytes, with Web Crypto', async () => {
    expect(await checksumOf(data.buffer)).toEqual({ sha256: want, bytes: 100_003 });
  });

  it('is the same without Web Crypto (a browser page on plain http)', async () => {
    vi.stubGlobal('crypto', undefined);
    expect(globalThis.crypto).toBeUndefined();
    expect(await checksumOf(data.buffer)).toEqual({ sha256: want, bytes: 100_003 });
  });
});
