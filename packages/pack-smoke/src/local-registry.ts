/**
 * A registry for one scope, serving packed tarballs over HTTP on 127.0.0.1, so that npm
 * installs `@ae/*` exactly as it would from the npm registry (README install lines run as
 * written, `npm i -g @ae/cli`, `npx`) while every other package still comes from the real
 * registry: pass `--@ae:registry=<url>` to npm.
 *
 * It answers the two requests npm makes: the packument (`GET /@ae%2fcore`, every version with
 * its manifest and `dist.tarball` / `dist.integrity`) and the tarball itself.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { unpackManifest } from './tarball.js';

/** A running registry. */
export interface LocalRegistry {
  /** Base URL, ending in `/`. */
  readonly url: string;
  /** The names it serves. */
  readonly names: readonly string[];
  /** Stops the server. */
  close(): Promise<void>;
}

interface Entry {
  readonly manifest: Record<string, unknown> & { name: string; version: string };
  readonly file: string;
  readonly bytes: Buffer;
}

/** Starts a registry serving `tarballs` (paths of `.tgz` files made by `pnpm pack`). */
export async function startLocalRegistry(tarballs: readonly string[]): Promise<LocalRegistry> {
  const byName = new Map<string, Entry>();
  for (const file of tarballs) {
    const bytes = readFileSync(file);
    const manifest = unpackManifest(bytes);
    byName.set(manifest.name, { manifest, file: basename(file), bytes });
  }
  // A fresh path per registry: npm caches packuments by URL, and a packument cached by an
  // earlier run must never vouch for a tarball packed since.
  const token = randomBytes(6).toString('hex');
  const server: Server = createServer((request, response) => {
    const full = decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/');
    if (!full.startsWith(`/${token}/`)) return notFound(response, full);
    const path = full.slice(token.length + 1);
    const tarball = /^\/-\/(.+\.tgz)$/.exec(path)?.[1];
    if (tarball) {
      const entry = [...byName.values()].find((e) => e.file === tarball);
      if (!entry) return notFound(response, path);
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      return response.end(entry.bytes);
    }
    const entry = byName.get(path.slice(1));
    if (!entry) return notFound(response, path);
    const { manifest } = entry;
    const integrity = `sha512-${createHash('sha512').update(entry.bytes).digest('base64')}`;
    const shasum = createHash('sha1').update(entry.bytes).digest('hex');
    const packument = {
      name: manifest.name,
      'dist-tags': { latest: manifest.version },
      versions: {
        [manifest.version]: {
          ...manifest,
          dist: { tarball: `${base()}-/${entry.file}`, integrity, shasum },
        },
      },
    };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(packument));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = () => `http://127.0.0.1:${port}/${token}/`;
  return {
    url: base(),
    names: [...byName.keys()].sort(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function notFound(response: import('node:http').ServerResponse, path: string): void {
  response.writeHead(404, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: `not found: ${path}` }));
}
