/**
 * Any IDX image dataset (MNIST layout), from a local directory or from an
 * http(s) folder, downloaded once into a local cache.
 */

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Dataset } from '../dataset.js';
import { DatasetError } from '../dataset-error.js';
import { type IdxArray, isGzip, readIdx } from '../idx.js';
import { datasetFromIdx } from '../idx-dataset.js';
import { defaultCacheRoot, downloadToCache, sanitizeName } from './download-cache.js';
import { checkSplit, idxFileCandidates, loadIdxDirectory, MNIST_FILES } from './idx-directory.js';
import { readIdxFile } from './read-idx-file.js';

const gunzipAsync = promisify(gunzip);

/** File names of the four IDX files; `null` for a labels file means "unlabelled". */
export interface IdxSourceFiles {
  /** Default 'train-images-idx3-ubyte' (then '.gz'). */
  readonly trainImages?: string;
  /** Default 'train-labels-idx1-ubyte' (then '.gz'); `null`: no labels. */
  readonly trainLabels?: string | null;
  /** Default 't10k-images-idx3-ubyte' (then '.gz'). */
  readonly testImages?: string;
  /** Default 't10k-labels-idx1-ubyte' (then '.gz'); `null`: no labels. */
  readonly testLabels?: string | null;
}

/** Options of {@link loadIdxDataset}. */
export interface IdxSourceOptions {
  /**
   * Where the files are: an `http://` or `https://` URL of a folder (files are
   * downloaded into the cache), a `file://` URL, or a local directory.
   */
  readonly source: string;
  /** Which split to load. */
  readonly split: 'train' | 'test';
  /**
   * File names, relative to `source`. A name without '.gz' is tried as given, then
   * with '.gz'. Default: the MNIST names. A labels file that is missing (locally,
   * or HTTP 404 / 410) gives an unlabelled dataset; it is looked for again on every
   * load, so pass `null` for a dataset known to have none.
   */
  readonly files?: IdxSourceFiles;
  /**
   * Root of the download cache; the files of one source go to
   * `<cacheDir>/<name or host + path, sanitized>-<8 hex digits of the URL's SHA-256>/`.
   * Default `$XDG_CACHE_HOME/ae`, else `~/.cache/ae`. Unused for local sources.
   */
  readonly cacheDir?: string;
  /** Dataset name prefix; the dataset is named `<name>-<split>`. Default: the last path segment of `source`. */
  readonly name?: string;
  /** Names of the classes, indexed by label; every label must be below their count. */
  readonly classNames?: readonly string[];
  /** Keep only the first `limit` examples. Default: all. */
  readonly limit?: number;
}

function isHttp(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

function folderUrl(source: string): URL {
  try {
    return new URL(source.endsWith('/') ? source : `${source}/`);
  } catch (cause) {
    throw new DatasetError(
      'DATASET_BAD_OPTIONS',
      `loadIdxDataset: source ${JSON.stringify(source)} is not a valid URL. Pass an http(s) URL of a folder or a local directory.`,
      { cause },
    );
  }
}

/** Last non-empty path segment of a source, e.g. 'fashion' for 'https://h/data/fashion/'. */
function defaultName(source: string): string {
  const path = isHttp(source) ? folderUrl(source).pathname : source;
  return sanitizeName(basename(path.replace(/\/+$/, ''))) || 'idx';
}

/**
 * The cache directory of an http(s) source, as used by {@link loadIdxDataset}:
 * `<cacheDir>/<name or host + path, sanitized>-<8 hex digits of SHA-256(URL)>`.
 */
export function idxCacheDir(
  source: string,
  options: { readonly cacheDir?: string; readonly name?: string } = {},
): string {
  const url = folderUrl(source);
  const hash = createHash('sha256').update(url.href).digest('hex').slice(0, 8);
  const label = sanitizeName(options.name ?? `${url.host}${url.pathname}`) || 'idx';
  return join(options.cacheDir ?? defaultCacheRoot(), `${label}-${hash}`);
}

/** Gunzips (if needed) and decodes downloaded bytes; errors name the URL. */
async function parseDownload(bytes: Uint8Array, url: string): Promise<IdxArray> {
  let plain = bytes;
  if (isGzip(bytes)) {
    try {
      plain = await gunzipAsync(bytes);
    } catch (cause) {
      throw new DatasetError(
        'GZIP_FAILED',
        `${url}: could not decompress the gzip data (${(cause as Error).message}). The download is corrupt; try again.`,
        { cause },
      );
    }
  }
  return readIdx(plain, url);
}

/**
 * The IDX file `name` of a remote folder: from the cache if any candidate name is
 * there, else downloaded (candidates in order). `undefined` if the server has none
 * and `required` is false.
 */
async function fetchIdx(
  base: URL,
  cache: string,
  name: string,
  required: boolean,
): Promise<IdxArray | undefined> {
  const candidates = idxFileCandidates(name);
  for (const candidate of candidates) {
    const path = join(cache, candidate);
    if (existsSync(path)) return readIdxFile(path);
  }
  const urls: string[] = [];
  for (const candidate of candidates) {
    const url = new URL(candidate, base).href;
    urls.push(url);
    const idx = await downloadToCache(url, join(cache, candidate), (bytes) =>
      parseDownload(bytes, url),
    );
    if (idx !== undefined) return idx;
  }
  if (!required) return undefined;
  throw new DatasetError(
    'DOWNLOAD_FAILED',
    `${urls.join(' and ')}: not found on the server (HTTP 404). Check the source URL and the file names (option files).`,
  );
}

/**
 * Loads one split of an IDX image dataset: uint8 images `[n, h, w]` or
 * `[n, h, w, c]` (any size; pixels /255 in [0, 1]) and optional uint8 labels `[n]`.
 *
 * For an http(s) `source`, each file is downloaded with `fetch` into the cache
 * (see `cacheDir`) the first time and read from there afterwards, with no request.
 * A download is checked (gunzip + IDX header and length) before it is cached.
 *
 * @throws DatasetError `DOWNLOAD_FAILED` (network error, HTTP status other than
 *   2xx, or an images file not found) naming the URL and status, `FILE_NOT_FOUND`,
 *   `GZIP_FAILED`, `IDX_*`, `DATASET_COUNT_MISMATCH`, `DATASET_INVALID` (a label not
 *   below `classNames.length`), `DATASET_BAD_LIMIT` / `DATASET_LIMIT_TOO_LARGE`,
 *   `DATASET_BAD_OPTIONS`.
 *
 * @example
 * const train = await loadIdxDataset({
 *   source: 'https://example.org/data/fashion/',
 *   split: 'train',
 *   classNames: FASHION_MNIST_CLASS_NAMES,
 * });
 */
export async function loadIdxDataset(options: IdxSourceOptions): Promise<Dataset> {
  checkSplit('loadIdxDataset', options.split);
  const { source, split } = options;
  if (typeof source !== 'string' || source === '') {
    throw new DatasetError(
      'DATASET_BAD_OPTIONS',
      `loadIdxDataset: source must be a URL or a directory, got ${JSON.stringify(source)}.`,
    );
  }
  const defaults = MNIST_FILES[split];
  const files = options.files ?? {};
  const imagesName = (split === 'train' ? files.trainImages : files.testImages) ?? defaults.images;
  const labelsOption = split === 'train' ? files.trainLabels : files.testLabels;
  const labelsName = labelsOption === undefined ? defaults.labels : labelsOption;
  const name = `${options.name ?? defaultName(source)}-${split}`;
  const common = {
    name,
    ...(options.classNames !== undefined ? { classNames: options.classNames } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
  };

  if (!isHttp(source)) {
    const dir = source.startsWith('file:') ? fileURLToPath(source) : source;
    return loadIdxDirectory({
      ...common,
      dir,
      files: { images: imagesName, labels: labelsName },
      what: 'IDX',
      hint: 'Check the source directory and the file names (option files).',
      labelsOptional: true,
    });
  }

  const base = folderUrl(source);
  const cache = idxCacheDir(source, options);
  const images = (await fetchIdx(base, cache, imagesName, true)) as IdxArray;
  const labels = labelsName === null ? undefined : await fetchIdx(base, cache, labelsName, false);
  return datasetFromIdx({ ...common, images, ...(labels !== undefined ? { labels } : {}) });
}
