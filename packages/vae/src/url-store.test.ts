import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from './load-model.js';
import { ModelError } from './model-error.js';
import { resolveStore } from './resolve-store.js';
import { isModelUrl, urlStore } from './url-store.js';
import { VAE } from './vae.js';

let dir = '';
let server: Server;
let base = '';
const requests: string[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'ae-url-'));
  // A static file server on the loopback interface, like any static host.
  server = createServer(async (req, res) => {
    requests.push(req.url ?? '');
    const path = normalize(
      join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)),
    );
    try {
      const body = await readFile(path);
      res.writeHead(200, {
        'content-type': path.endsWith('.json') ? 'application/json' : 'application/octet-stream',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

describe('models at URLs', () => {
  it('loads a model saved to a directory from a static http server, with identical outputs', async () => {
    const vae = new VAE({ inputShape: [4, 4, 1], latentDim: 2, hidden: [8], seed: 5 });
    await vae.save(join(dir, 'm'));
    const loaded = await loadModel(`${base}/m/`);
    expect(loaded).toBeInstanceOf(VAE);
    expect(requests).toContain('/m/ae.json');
    expect(requests).toContain('/m/encoder/model.json');
    const x = tf.randomUniform([3, 4, 4, 1], 0, 1, 'float32', 1);
    const a = await vae.reconstruct(x).data();
    const b = await loaded.reconstruct(x).data();
    expect(Array.from(b)).toEqual(Array.from(a));
    vae.dispose();
    loaded.dispose();
  });

  it('says what is missing when the server has no model there', async () => {
    const error = await loadModel(`${base}/nothing`).catch((e) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error.code).toBe('MODEL_NOT_FOUND');
    expect(error.message).toMatch(/nothing\/ae\.json: HTTP 404/);
  });

  it('refuses to save over http, and browser-only stores outside a browser, with a clear error', async () => {
    const vae = new VAE({ inputShape: [2], latentDim: 1, hidden: [2] });
    await expect(vae.save(`${base}/x`)).rejects.toThrow(/cannot be saved over http/);
    await expect(vae.save('indexeddb://my-model')).rejects.toThrow(
      /only in browsers|no localStorage/,
    );
    vae.dispose();
  });

  it('tells URLs from directories', async () => {
    expect(isModelUrl('indexeddb://a')).toBe(true);
    expect(isModelUrl('https://h/a')).toBe(true);
    expect(isModelUrl('runs/a')).toBe(false);
    expect((await resolveStore('file:///tmp/a')).location).toBe('/tmp/a');
    expect(() => urlStore('ftp://h/a')).toThrow(ModelError);
  });
});
