/**
 * Downloading files into a local cache directory (Node only). A file lands in the
 * cache only once it is complete and has been checked: it is written under a
 * temporary name and renamed, so the cache never holds half a file.
 */

import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatasetError } from '../dataset-error.js';

/**
 * The root of the download cache: `$XDG_CACHE_HOME/ae` when that variable is set
 * (and absolute), else `~/.cache/ae`.
 *
 * @param env Environment to read, default `process.env`.
 */
export function defaultCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return xdg?.startsWith('/') ? join(xdg, 'ae') : join(homedir(), '.cache', 'ae');
}

/** `text` reduced to letters, digits, '.', '_' and '-', at most 60 characters. */
export function sanitizeName(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 60);
}

/**
 * The outcome of {@link downloadToCache}: the parsed file, or `undefined` when the
 * server answered 404 / 410 (no such file).
 */
export type DownloadResult<T> = T | undefined;

/**
 * Downloads `url` with the global `fetch`, parses the bytes with `parse` (which
 * throws for bad content), then stores the bytes at `path`. Nothing is stored when
 * the request or `parse` fails.
 *
 * @param parse Decodes and checks the downloaded bytes; its errors propagate.
 * @returns What `parse` returned, or `undefined` for HTTP 404 / 410.
 * @throws DatasetError `DOWNLOAD_FAILED` naming the URL and the HTTP status or
 *   network error; any error of `parse`.
 */
export async function downloadToCache<T>(
  url: string,
  path: string,
  parse: (bytes: Uint8Array) => Promise<T> | T,
): Promise<DownloadResult<T>> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new DatasetError(
      'DOWNLOAD_FAILED',
      `${url}: download failed (${describe(cause)}). Check the URL and the network connection.`,
      { cause },
    );
  }
  if (response.status === 404 || response.status === 410) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new DatasetError(
      'DOWNLOAD_FAILED',
      `${url}: download failed with HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}. Check the URL, or try again later.`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    throw new DatasetError(
      'DOWNLOAD_FAILED',
      `${url}: the connection broke during the download (${describe(cause)}). Try again.`,
      { cause },
    );
  }
  const parsed = await parse(bytes);
  await storeAtomically(path, bytes);
  return parsed;
}

/** Writes `bytes` to a unique temporary file next to `path`, then renames it to `path`. */
export async function storeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}-${randomUUID()}.part`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (cause) {
    await rm(temporary, { force: true });
    throw cause;
  }
}

function describe(cause: unknown): string {
  const error = cause as { message?: string; cause?: { code?: string; message?: string } };
  const inner = error.cause?.code ?? error.cause?.message;
  return inner ? `${error.message}: ${inner}` : String(error.message ?? cause);
}
