import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadToCache, sanitizeName, storeAtomically } from './download-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'ae-download-'));
let server: Server;
let base = '';
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    if (req.url === '/ok') res.end(Buffer.from([1, 2, 3]));
    else if (req.url === '/gone') res.writeHead(410).end();
    else res.writeHead(503, 'Busy').end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('download cache', () => {
  it('sanitizes names for directories', () => {
    expect(sanitizeName('example.org/data/my set/')).toBe('example.org-data-my-set');
    expect(sanitizeName('../../etc')).toBe('etc');
    expect(sanitizeName('x'.repeat(100))).toHaveLength(60);
  });

  it('stores atomically, leaving no temporary file, replacing an old one', async () => {
    const path = join(dir, 'sub', 'file.bin');
    await storeAtomically(path, new Uint8Array([7]));
    await storeAtomically(path, new Uint8Array([8, 9]));
    expect(Array.from(readFileSync(path))).toEqual([8, 9]);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['file.bin']);
  });

  it('stores only what parse accepts', async () => {
    const path = join(dir, 'ok.bin');
    const rejected = downloadToCache(`${base}/ok`, path, () => {
      throw new Error('bad content');
    });
    await expect(rejected).rejects.toThrow('bad content');
    expect(existsSync(path)).toBe(false);
    const sum = await downloadToCache(`${base}/ok`, path, (b) => b.reduce((s, v) => s + v, 0));
    expect(sum).toBe(6);
    expect(Array.from(readFileSync(path))).toEqual([1, 2, 3]);
  });

  it('returns undefined for 410 and throws DOWNLOAD_FAILED with the status otherwise', async () => {
    hits = 0;
    expect(await downloadToCache(`${base}/gone`, join(dir, 'g'), () => 1)).toBeUndefined();
    await expect(downloadToCache(`${base}/busy`, join(dir, 'b'), () => 1)).rejects.toMatchObject({
      code: 'DOWNLOAD_FAILED',
      message: expect.stringContaining(`${base}/busy: download failed with HTTP 503 Busy`),
    });
    expect(hits).toBe(2);
    expect(existsSync(join(dir, 'g')) || existsSync(join(dir, 'b'))).toBe(false);
  });
});
