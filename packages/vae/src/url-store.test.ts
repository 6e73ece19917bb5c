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
    const url = req.url ?? '';
    if (url.startsWith('/page/') || url.startsWith('/html-net/encoder/')) {
      // What a web server's fallback page (or a login page) answers for any path.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><body>Welcome</body></html>');
      return;
    }
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

  it('names the URL when the server answers with an HTML page instead of ae.json', async () => {
    const error = await loadModel(`${base}/page/model`).catch((e) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error.code).toBe('MODEL_BAD_SAVED_CONFIG');
    expect(error.message).toBe(
      `${base}/page/model/ae.json: the server answered with text/html; charset=utf-8, not the JSON of ae.json (it starts "<!DOCTYPE html><html><body>Welcome</body"). Point at a directory written by 'ae export' or model.save().`,
    );
  });

  it('names the network when its model.json is an HTML page', async () => {
    const vae = new VAE({ inputShape: [4, 4, 1], latentDim: 2, hidden: [8], seed: 5 });
    await vae.save(join(dir, 'html-net'));
    vae.dispose();
    const error = await loadModel(`${base}/html-net`).catch((e) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error.message).toMatch(
      new RegExp(
        `^${base}/html-net/encoder/model.json: the server answered with text/html; charset=utf-8, not the JSON of model.json of network "encoder"`,
      ),
    );
  });

  it('names the URL and the reason when the host does not answer', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const error = await loadModel(`http://127.0.0.1:${port}/m`).catch((e) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error.code).toBe('MODEL_UNREACHABLE');
    expect(error.message).toBe(
      `http://127.0.0.1:${port}/m/ae.json: cannot fetch ae.json: the host did not answer (ECONNREFUSED). Check the address and that the server is running.`,
    );
  });

  it('refuses an ftp:// address instead of taking it for a directory', async () => {
    const error = await loadModel('ftp://example.org/models/vae').catch((e) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error.code).toBe('MODEL_BAD_URL');
    expect(error.message).toBe(
      'ftp://example.org/models/vae: "ftp://" addresses are not read here; use a directory, file://, http(s)://, indexeddb:// or localstorage://.',
    );
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
