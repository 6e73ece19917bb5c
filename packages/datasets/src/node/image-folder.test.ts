import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateDataset } from '../dataset.js';
import { DatasetError } from '../dataset-error.js';
import { pngBytes } from '../test-utils/png-bytes.js';
import { loadImageFolder } from './image-folder.js';

const root = mkdtempSync(join(tmpdir(), 'ae-images-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function errorOf(p: Promise<unknown>): Promise<DatasetError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (e instanceof DatasetError) return e;
  throw new Error(`expected a DatasetError, got ${String(e)}`);
}

function write(path: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

/** A 2×2 gray PNG with the given four samples. */
const gray2 = (s: number[]) => pngBytes({ width: 2, height: 2, colorType: 0, samples: s });

describe('loadImageFolder', () => {
  const classes = join(root, 'classes');
  // dog/ sorts after cat/; b.png is RGB, so the default is 3 channels.
  write(join(classes, 'dog', 'd.png'), gray2([0, 51, 102, 255]));
  write(
    join(classes, 'cat', 'b.png'),
    pngBytes({ width: 2, height: 2, colorType: 2, samples: [255, 0, 0, ...new Array(9).fill(0)] }),
  );
  write(join(classes, 'cat', 'sub', 'a.png'), gray2([255, 255, 255, 255]));
  write(join(classes, 'cat', 'notes.txt'), 'not an image');
  write(join(classes, '.hidden', 'x.png'), 'ignored');

  it('labels by subfolder, in path order, RGB by default when any image has colour', async () => {
    const ds = await loadImageFolder(classes, { labels: 'subfolders' });
    expect(ds.name).toBe('classes');
    expect(ds.classNames).toEqual(['cat', 'dog']);
    expect(ds.shape).toEqual([2, 2, 3]);
    expect(ds.count).toBe(3);
    // Order: cat/b.png, cat/sub/a.png, dog/d.png.
    expect(Array.from(ds.labels ?? [])).toEqual([0, 0, 1]);
    expect(Array.from(ds.x.subarray(0, 6))).toEqual([1, 0, 0, 0, 0, 0]);
    expect(Array.from(ds.x.subarray(12, 15))).toEqual([1, 1, 1]);
    expect(Array.from(ds.x.subarray(24, 36))).toEqual(
      [0, 0, 0, 0.2, 0.2, 0.2, 0.4, 0.4, 0.4, 1, 1, 1].map(Math.fround),
    );
    validateDataset(ds, { checkValues: true });
  });

  it('converts to grayscale and honours limit', async () => {
    const ds = await loadImageFolder(classes, { labels: 'subfolders', channels: 1, limit: 2 });
    expect(ds.shape).toEqual([2, 2, 1]);
    expect(ds.count).toBe(2);
    expect(Array.from(ds.x)).toEqual([0.299, 0, 0, 0, 1, 1, 1, 1].map(Math.fround));
    expect(Array.from(ds.labels ?? [])).toEqual([0, 0]);
    const e = await errorOf(loadImageFolder(classes, { limit: 4 }));
    expect(e.code).toBe('DATASET_LIMIT_TOO_LARGE');
    expect(e.message).toContain(classes);
  });

  it('is unlabelled and 1-channel for gray images with labels none', async () => {
    const dir = join(root, 'flat');
    write(join(dir, 'z.png'), gray2([0, 0, 0, 0]));
    write(join(dir, 'deep', 'y.PNG'), gray2([255, 0, 255, 0]));
    const ds = await loadImageFolder(dir, { name: 'flat-set' });
    expect(ds.name).toBe('flat-set');
    expect(ds.labels).toBeUndefined();
    expect(ds.shape).toEqual([2, 2, 1]);
    // 'deep/y.PNG' < 'z.png'.
    expect(Array.from(ds.x)).toEqual([1, 0, 1, 0, 0, 0, 0, 0]);
  });

  it('resizes to the first image size, or to the given size', async () => {
    const dir = join(root, 'sizes');
    write(join(dir, 'a.png'), gray2([0, 0, 0, 0]));
    // 4×4 with 2×2 blocks of 0, 51, 102, 255 → averaged to 2×2.
    const big = [0, 0, 51, 51, 0, 0, 51, 51, 102, 102, 255, 255, 102, 102, 255, 255];
    write(join(dir, 'b.png'), pngBytes({ width: 4, height: 4, colorType: 0, samples: big }));
    const ds = await loadImageFolder(dir);
    expect(ds.shape).toEqual([2, 2, 1]);
    expect(Array.from(ds.x.subarray(4))).toEqual([0, 0.2, 0.4, 1].map(Math.fround));
    const one = await loadImageFolder(dir, { size: [1, 1] });
    expect(one.shape).toEqual([1, 1, 1]);
    expect(one.x[0]).toBe(0);
    expect(one.x[1]).toBeCloseTo((0 + 0.2 + 0.4 + 1) / 4, 6);
  });

  it('names a corrupt image', async () => {
    const dir = join(root, 'corrupt');
    write(join(dir, 'good.png'), gray2([0, 0, 0, 0]));
    write(join(dir, 'bad.png'), 'this is not a png');
    const e = await errorOf(loadImageFolder(dir));
    expect(e.code).toBe('IMAGE_UNREADABLE');
    expect(e.message).toContain(join(dir, 'bad.png'));
  });

  it('rejects empty folders, empty classes, loose files and bad options', async () => {
    const empty = join(root, 'empty');
    write(join(empty, 'readme.txt'), 'no images');
    const e1 = await errorOf(loadImageFolder(empty));
    expect(e1.code).toBe('DATASET_EMPTY');
    expect(e1.message).toContain(empty);

    const noClass = join(root, 'no-class');
    write(join(noClass, 'a', 'x.png'), gray2([0, 0, 0, 0]));
    mkdirSync(join(noClass, 'b'));
    const e2 = await errorOf(loadImageFolder(noClass, { labels: 'subfolders' }));
    expect(e2.code).toBe('DATASET_EMPTY');
    expect(e2.message).toContain(join(noClass, 'b'));

    const loose = join(root, 'loose');
    write(join(loose, 'a', 'x.png'), gray2([0, 0, 0, 0]));
    write(join(loose, 'y.png'), gray2([0, 0, 0, 0]));
    const e3 = await errorOf(loadImageFolder(loose, { labels: 'subfolders' }));
    expect(e3.code).toBe('DATASET_BAD_OPTIONS');
    expect(e3.message).toContain(join(loose, 'y.png'));

    const e4 = await errorOf(loadImageFolder(join(root, 'missing')));
    expect(e4.code).toBe('FILE_NOT_FOUND');
    const e5 = await errorOf(loadImageFolder(loose, { size: [0, 2] }));
    expect(e5.message).toContain('size must be');
    const e6 = await errorOf(loadImageFolder(loose, { channels: 4 as 3 }));
    expect(e6.message).toContain('channels must be 1 or 3');
  });
});
