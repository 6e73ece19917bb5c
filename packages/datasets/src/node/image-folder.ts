/**
 * A folder of PNG images as a dataset (Node only), optionally labelled by
 * subfolder (`<dir>/<class>/…/*.png`).
 */

import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { checkLimit, type Dataset } from '../dataset.js';
import { DatasetError } from '../dataset-error.js';
import { resizeImage } from '../resize.js';
import { decodePng, type RgbaImage, rgbaToChannels } from './decode-png.js';

/** Options of {@link loadImageFolder}. */
export interface ImageFolderOptions {
  /**
   * Size every image is resampled to, `[height, width]` (area average when
   * shrinking, bilinear when growing; see `resizeImage`). Default: the size of the
   * first image.
   */
  readonly size?: readonly [number, number];
  /**
   * 1: grayscale (ITU-R BT.601 luma), 3: RGB. Default: 1 if every loaded image is
   * gray (R = G = B in every pixel), else 3.
   */
  readonly channels?: 1 | 3;
  /**
   * 'subfolders': each subfolder of `dir` is a class (`classNames` = the sorted
   * folder names) holding its PNGs at any depth. 'none' (default): no labels, every
   * PNG under `dir` at any depth.
   */
  readonly labels?: 'subfolders' | 'none';
  /** Name of the dataset. Default: the folder's name. */
  readonly name?: string;
  /** Keep only the first `limit` images (in path order); only those are decoded. */
  readonly limit?: number;
}

/** Code-unit order, independent of the locale. */
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function entries(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new DatasetError(
        'FILE_NOT_FOUND',
        `${dir}: no such directory. Pass the folder that holds the PNG images.`,
        { cause },
      );
    }
    throw cause;
  }
}

/** Relative paths ('/'-separated) of every *.png under `dir`; dot-files are skipped. */
async function listPngs(dir: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await entries(join(dir, prefix))) {
    if (entry.name.startsWith('.')) continue;
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await listPngs(dir, relative)));
    else if (entry.isFile() && /\.png$/i.test(entry.name)) found.push(relative);
  }
  return found;
}

function checkOptions(options: ImageFolderOptions): void {
  const bad = (what: string) =>
    new DatasetError('DATASET_BAD_OPTIONS', `loadImageFolder: ${what}.`);
  const { size, channels, labels } = options;
  if (
    size !== undefined &&
    !(Array.isArray(size) && size.length === 2 && size.every((d) => Number.isInteger(d) && d > 0))
  ) {
    throw bad(`size must be [height, width] of positive integers, got ${JSON.stringify(size)}`);
  }
  if (channels !== undefined && channels !== 1 && channels !== 3) {
    throw bad(`channels must be 1 or 3, got ${JSON.stringify(channels)}`);
  }
  if (labels !== undefined && labels !== 'subfolders' && labels !== 'none') {
    throw bad(`labels must be 'subfolders' or 'none', got ${JSON.stringify(labels)}`);
  }
}

/** The PNG files (relative paths, sorted) and, with subfolders, their labels and classes. */
async function collect(
  dir: string,
  mode: 'subfolders' | 'none',
): Promise<{ files: string[]; labels?: number[]; classNames?: string[] }> {
  const files = (await listPngs(dir)).sort(byCodeUnit);
  if (files.length === 0) {
    throw new DatasetError(
      'DATASET_EMPTY',
      `${dir}: no .png files found (at any depth). Point loadImageFolder at a folder of PNG images.`,
    );
  }
  if (mode === 'none') return { files };
  const loose = files.find((f) => !f.includes('/'));
  if (loose !== undefined) {
    throw new DatasetError(
      'DATASET_BAD_OPTIONS',
      `${join(dir, loose)}: with labels 'subfolders' every image must be inside a class folder. Move it into one, or pass labels: 'none'.`,
    );
  }
  const classNames = (await entries(dir))
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort(byCodeUnit);
  const index = new Map(classNames.map((c, i) => [c, i]));
  const labels = files.map((f) => index.get(f.slice(0, f.indexOf('/'))) as number);
  const counts = new Array<number>(classNames.length).fill(0);
  for (const label of labels) counts[label] = (counts[label] as number) + 1;
  const empty = classNames.findIndex((_, i) => counts[i] === 0);
  if (empty >= 0) {
    throw new DatasetError(
      'DATASET_EMPTY',
      `${join(dir, classNames[empty] as string)}: class folder without .png files. Add images or remove the folder.`,
    );
  }
  return { files, labels, classNames };
}

/**
 * Loads the PNG images of a folder (files ending in '.png', any case, sorted by
 * their '/'-separated path relative to `dir` in code-unit order) as a dataset with
 * values in [0, 1]. Alpha is composited on white; see `rgbaToChannels`. Images of
 * another size than the target are resampled.
 *
 * @throws DatasetError `FILE_NOT_FOUND` (no such folder), `DATASET_EMPTY` (no PNG,
 *   or a class folder without one), `IMAGE_UNREADABLE` (a corrupt PNG, named),
 *   `DATASET_BAD_OPTIONS` (bad options, a PNG outside the class folders),
 *   `DATASET_BAD_LIMIT` / `DATASET_LIMIT_TOO_LARGE`.
 *
 * @example
 * const ds = await loadImageFolder('photos', { size: [32, 32], labels: 'subfolders' });
 * ds.classNames; // e.g. ['cats', 'dogs']
 */
export async function loadImageFolder(
  dir: string,
  options: ImageFolderOptions = {},
): Promise<Dataset> {
  checkOptions(options);
  const name = options.name ?? (basename(dir) || 'images');
  const { files, labels, classNames } = await collect(dir, options.labels ?? 'none');
  const count = options.limit ?? files.length;
  checkLimit(name, count, files.length, ` (PNG files in ${dir})`);

  const images: RgbaImage[] = [];
  for (const file of files.slice(0, count)) {
    const path = join(dir, file);
    images.push(decodePng(await readFile(path), path));
  }
  const first = images[0];
  const [height, width] = options.size ?? (first ? [first.height, first.width] : [1, 1]);
  const channels = options.channels ?? (images.every((im) => im.gray) ? 1 : 3);
  const size = height * width * channels;
  const x = new Float32Array(count * size);
  images.forEach((image, i) => {
    let pixels = rgbaToChannels(image, channels);
    if (image.height !== height || image.width !== width) {
      pixels = resizeImage(pixels, [image.height, image.width, channels], [height, width]);
    }
    x.set(pixels, i * size);
  });
  return {
    name,
    x,
    shape: [height, width, channels],
    count,
    ...(labels !== undefined ? { labels: Int32Array.from(labels.slice(0, count)) } : {}),
    ...(classNames !== undefined ? { classNames } : {}),
  };
}
