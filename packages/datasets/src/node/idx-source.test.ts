import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError } from '../dataset-error.js';
import { idxBytes } from '../test-utils/idx-bytes.js';
import { defaultCacheRoot } from './download-cache.js';
import { idxCacheDir, loadIdxDataset } from './idx-source.js';

const root = mkdtempSync(join(tmpdir(), 'ae-idx-source-'));

async function errorOf(p: Promise<unknown>): Promise<DatasetError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (e instanceof DatasetError) return e;
  throw new Error(`expected a DatasetError, got ${String(e)}`);
}

// Three 2×3 training images with pixels 0…17 ×10 (0, 10, …, 170), labels 2, 0, 1.
const trainPixels = Array.from({ length: 18 }, (_, i) => 10 * i);
const trainImages = idxBytes(0x08, [3, 2, 3], trainPixels);
const trainLabels = idxBytes(0x08, [3], [2, 0, 1]);
// Two 1×2×3 (RGB) test images, 4-D IDX, unlabelled.
const testImages = idxBytes(0x08, [2, 1, 2, 3], [255, 0, 51, 102, 153, 204, 1, 2, 3, 4, 5, 6]);

/** Responses of the test server by path: bytes (200) or a status code. */
const routes = new Map<string, Uint8Array | number>();
const requests: string[] = [];
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(url);
    const route = routes.get(url);
    if (route instanceof Uint8Array) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(route);
    } else {
      res.writeHead(route ?? 404);
      res.end('no');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  routes.clear();
  requests.length = 0;
  routes.set('/data/train-images-idx3-ubyte.gz', gzipSync(trainImages));
  routes.set('/data/train-labels-idx1-ubyte', trainLabels);
  routes.set('/data/t10k-images-idx3-ubyte', testImages);
});

/** Every file under `dir`, recursively, relative. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('loadIdxDataset over http', () => {
  it('downloads once, then loads from the cache with no request', async () => {
    const cacheDir = join(root, 'cache-once');
    const ds = await loadIdxDataset({ source: `${base}/data`, split: 'train', cacheDir });
    expect(ds.name).toBe('data-train');
    expect(ds.shape).toEqual([2, 3, 1]);
    expect(ds.count).toBe(3);
    expect(Array.from(ds.labels ?? [])).toEqual([2, 0, 1]);
    expect(Array.from(ds.x)).toEqual(trainPixels.map((v) => Math.fround(v / 255)));
    // The plain name is tried first (404), then '.gz'.
    expect(requests).toEqual([
      '/data/train-images-idx3-ubyte',
      '/data/train-images-idx3-ubyte.gz',
      '/data/train-labels-idx1-ubyte',
    ]);
    const cache = idxCacheDir(`${base}/data`, { cacheDir });
    expect(listFiles(cache)).toEqual(['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte']);

    requests.length = 0;
    const again = await loadIdxDataset({ source: `${base}/data/`, split: 'train', cacheDir });
    expect(requests).toEqual([]);
    expect(Array.from(again.x)).toEqual(Array.from(ds.x));
    expect(Array.from(again.labels ?? [])).toEqual([2, 0, 1]);
  });

  it('reads a 4-D RGB file without labels, with limit and a name', async () => {
    const cacheDir = join(root, 'cache-rgb');
    const ds = await loadIdxDataset({
      source: `${base}/data/`,
      split: 'test',
      cacheDir,
      name: 'tiny',
      limit: 1,
    });
    expect(ds.name).toBe('tiny-test');
    expect(ds.shape).toEqual([1, 2, 3]);
    expect(ds.count).toBe(1);
    expect(ds.labels).toBeUndefined();
    expect(Array.from(ds.x)).toEqual([1, 0, 0.2, 0.4, 0.6, 0.8].map(Math.fround));
    expect(idxCacheDir(`${base}/data/`, { cacheDir, name: 'tiny' })).toMatch(
      new RegExp(`^${cacheDir}/tiny-[0-9a-f]{8}$`),
    );
    const e = await errorOf(
      loadIdxDataset({ source: `${base}/data/`, split: 'test', cacheDir, limit: 3 }),
    );
    expect(e.code).toBe('DATASET_LIMIT_TOO_LARGE');
  });

  it('reports an HTTP error with the URL and status, caching nothing', async () => {
    routes.set('/data/train-labels-idx1-ubyte', 500);
    const cacheDir = join(root, 'cache-500');
    const e = await errorOf(loadIdxDataset({ source: `${base}/data`, split: 'train', cacheDir }));
    expect(e.code).toBe('DOWNLOAD_FAILED');
    expect(e.message).toContain(`${base}/data/train-labels-idx1-ubyte`);
    expect(e.message).toContain('HTTP 500');
    // The images were complete and checked, so they stay; the labels never arrived.
    const cache = idxCacheDir(`${base}/data`, { cacheDir });
    expect(listFiles(cache)).toEqual(['train-images-idx3-ubyte.gz']);
  });

  it('never caches a truncated download, and downloads it again next time', async () => {
    routes.set('/data/train-images-idx3-ubyte.gz', gzipSync(trainImages.subarray(0, 20)));
    const cacheDir = join(root, 'cache-cut');
    const source = `${base}/data`;
    const e = await errorOf(loadIdxDataset({ source, split: 'train', cacheDir }));
    expect(e.code).toBe('IDX_BAD_LENGTH');
    expect(e.message.startsWith(`${base}/data/train-images-idx3-ubyte.gz: `)).toBe(true);
    expect(listFiles(idxCacheDir(source, { cacheDir }))).toEqual([]);

    routes.set('/data/train-images-idx3-ubyte.gz', gzipSync(trainImages));
    requests.length = 0;
    const ds = await loadIdxDataset({ source, split: 'train', cacheDir });
    expect(ds.count).toBe(3);
    expect(requests).toContain('/data/train-images-idx3-ubyte.gz');
  });

  it('names both URLs when the images are on the server under neither name', async () => {
    const e = await errorOf(
      loadIdxDataset({ source: `${base}/nothing/`, split: 'train', cacheDir: join(root, 'c4') }),
    );
    expect(e.code).toBe('DOWNLOAD_FAILED');
    expect(e.message).toContain(`${base}/nothing/train-images-idx3-ubyte and `);
    expect(e.message).toContain(`${base}/nothing/train-images-idx3-ubyte.gz`);
    expect(e.message).toContain('404');
  });

  it('reports a refused connection as DOWNLOAD_FAILED', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const source = `http://127.0.0.1:${port}/x/`;
    const e = await errorOf(loadIdxDataset({ source, split: 'test', cacheDir: join(root, 'c5') }));
    expect(e.code).toBe('DOWNLOAD_FAILED');
    expect(e.message).toContain(`${source}t10k-images-idx3-ubyte`);
  });

  it('checks labels against classNames', async () => {
    const e = await errorOf(
      loadIdxDataset({
        source: `${base}/data`,
        split: 'train',
        cacheDir: join(root, 'c6'),
        classNames: ['a', 'b'],
      }),
    );
    expect(e.code).toBe('DATASET_INVALID');
    expect(e.message).toContain('label 2');
  });
});

describe('loadIdxDataset from a directory', () => {
  const dir = join(root, 'local');
  mkdirSync(dir);
  writeFileSync(join(dir, 'imgs.gz'), gzipSync(trainImages));
  writeFileSync(join(dir, 'labs'), trainLabels);

  it('reads custom file names from a path or a file:// URL', async () => {
    for (const source of [dir, pathToFileURL(dir).href]) {
      const ds = await loadIdxDataset({
        source,
        split: 'train',
        files: { trainImages: 'imgs', trainLabels: 'labs' },
        classNames: ['zero', 'one', 'two'],
      });
      expect(ds.name).toBe('local-train');
      expect(ds.classNames).toEqual(['zero', 'one', 'two']);
      expect(Array.from(ds.labels ?? [])).toEqual([2, 0, 1]);
      expect(ds.x[17]).toBe(Math.fround(170 / 255));
    }
  });

  it('is unlabelled when the labels file is missing or null', async () => {
    const missing = await loadIdxDataset({
      source: dir,
      split: 'train',
      files: { trainImages: 'imgs.gz' },
    });
    expect(missing.labels).toBeUndefined();
    const none = await loadIdxDataset({
      source: dir,
      split: 'train',
      files: { trainImages: 'imgs', trainLabels: null },
    });
    expect(none.labels).toBeUndefined();
    expect(none.count).toBe(3);
  });

  it('names the missing images file', async () => {
    const e = await errorOf(loadIdxDataset({ source: dir, split: 'test' }));
    expect(e.code).toBe('FILE_NOT_FOUND');
    expect(e.message).toContain(join(dir, 't10k-images-idx3-ubyte.gz'));
  });
});

describe('cache location', () => {
  it('uses $XDG_CACHE_HOME/ae, else ~/.cache/ae', () => {
    expect(defaultCacheRoot({ XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/ae');
    expect(defaultCacheRoot({})).toBe(join(homedir(), '.cache', 'ae'));
  });

  it('keys a source by host and path plus a hash of the URL', () => {
    const a = idxCacheDir('https://example.org/mnist/fashion/', { cacheDir: '/c' });
    const b = idxCacheDir('https://example.org/mnist/fashion', { cacheDir: '/c' });
    const c = idxCacheDir('https://example.com/mnist/fashion/', { cacheDir: '/c' });
    expect(a).toMatch(/^\/c\/example\.org-mnist-fashion-[0-9a-f]{8}$/);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });
});
