/**
 * `ae embed` end to end on a model trained here: the picture is decoded and checked for
 * class-coloured dots, the CSV against the MNIST test labels (and, for a 2-D latent
 * space, against codes recomputed in this process), and a seed reproduces the CSV.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@ae/backend';
import { type Dataset, limit } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import { loadModel } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from './images/png.js';
import { CATEGORY_10 } from './plots/palette.js';
import { dark, near, overWhite, pixelStats } from './plots/pixels.js';
import { POINT_OPACITY } from './plots/scatter.js';
import { ae, lastJson } from './test-utils/run-ae.js';

/** Rows of an `x,y,label` CSV after checking its header. */
function parseCsv(text: string): { x: number; y: number; label: number }[] {
  const [header, ...rows] = text.trim().split('\n');
  expect(header).toBe('x,y,label');
  return rows.map((r) => {
    const [x, y, label] = r.split(',').map(Number) as [number, number, number];
    return { x, y, label };
  });
}

/** Palette colours (classes) with at least `min` pixels of lone dots in the picture. */
async function classesDrawn(png: string, min = 30): Promise<number> {
  const img = decodePng(await readFile(png));
  expect([img.width, img.height]).toEqual([1280, 800]);
  expect(pixelStats(img, dark(), { y1: 50 }).count).toBeGreaterThan(300); // title
  return CATEGORY_10.filter(
    (hex) => pixelStats(img, near(overWhite(hex, POINT_OPACITY)), { x1: 1100 }).count >= min,
  ).length;
}

describe('ae embed', () => {
  let dir = '';
  let test: Dataset;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ae-embed-'));
    test = await loadMnist({ split: 'test' });
    for (const [name, latent] of [
      ['z4', '4'],
      ['z2', '2'],
    ] as const) {
      const r = await ae([
        'train',
        '--model',
        'vae',
        '--epochs',
        '1',
        '--limit',
        '500',
        '--latent-dim',
        latent,
        '--out',
        join(dir, name),
      ]);
      expect(r.code, r.stderr).toBe(0);
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--method umap: a class-coloured picture and one CSV row per validation example', async () => {
    const run = join(dir, 'z4');
    const r = await ae(['embed', '--model-dir', run, '--method', 'umap', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout);
    expect(s).toMatchObject({ command: 'embed', method: 'umap', points: 500, latentDim: 4 });
    expect(s.files).toEqual({
      png: join(run, 'embed-umap.png'),
      csv: join(run, 'embed-umap.csv'),
    });
    expect(r.stderr).toMatch(/UMAP .*500\/500 epochs/);
    const rows = parseCsv(await readFile(s.files.csv, 'utf8'));
    expect(rows).toHaveLength(500);
    // The run's validation data is the first 500 MNIST test digits, in order.
    expect(rows.map((p) => p.label)).toEqual(Array.from(test.labels?.subarray(0, 500) ?? []));
    expect(rows.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
    // A spread-out layout, not a collapsed point.
    const xs = rows.map((p) => p.x);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(1);
    expect(await classesDrawn(s.files.png)).toBe(10);
    // Same seed, same CSV; another seed, another layout.
    const again = await ae(['embed', '--model-dir', run, '--out', join(dir, 'again.png')]);
    expect(again.code, again.stderr).toBe(0);
    expect(await readFile(join(dir, 'again.csv'), 'utf8')).toBe(
      await readFile(s.files.csv, 'utf8'),
    );
    const other = await ae([
      'embed',
      '--model-dir',
      run,
      '--seed',
      '1',
      '--out',
      join(dir, 'o.png'),
    ]);
    expect(other.code, other.stderr).toBe(0);
    expect(await readFile(join(dir, 'o.csv'), 'utf8')).not.toBe(
      await readFile(s.files.csv, 'utf8'),
    );
  });

  it('--method tsne --limit 300: reproducible for a seed', async () => {
    const run = join(dir, 'z4');
    const args = ['embed', '--model-dir', run, '--method', 'tsne', '--limit', '300', '--seed', '5'];
    const r = await ae([...args, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout);
    expect(s).toMatchObject({ method: 'tsne', points: 300, latentDim: 4 });
    expect(s.neighbourAgreement).toBeGreaterThan(0.1); // 10 classes at random: about 0.1
    expect(r.stderr).toMatch(/t-SNE .*1000\/1000 iterations/);
    const csv = await readFile(join(run, 'embed-tsne.csv'), 'utf8');
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(300);
    expect(rows.map((p) => p.label)).toEqual(Array.from(test.labels?.subarray(0, 300) ?? []));
    expect(await classesDrawn(s.files.png, 20)).toBe(10);
    const again = await ae([...args, '--out', join(dir, 'tsne-again.png')]);
    expect(again.code, again.stderr).toBe(0);
    expect(await readFile(join(dir, 'tsne-again.csv'), 'utf8')).toBe(csv);
  });

  it('plots a 2-D latent space as it is: the CSV holds the codes themselves', async () => {
    const run = join(dir, 'z2');
    const r = await ae(['embed', '--model-dir', run, '--limit', '200', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout);
    expect(s).toMatchObject({ method: 'none', points: 200, latentDim: 2 });
    expect(s.files.png).toBe(join(run, 'embed-latent.png'));
    expect(r.stderr).toMatch(/already 2-D: plotting the codes directly/);
    expect(r.stderr).not.toMatch(/epochs|iterations/); // no projection ran
    const rows = parseCsv(await readFile(s.files.csv, 'utf8'));
    // Encode the same 200 digits in this process.
    await initBackend({ prefer: 'cpu' });
    const model = await loadModel(run);
    const data = limit(test, 200);
    const z = tf.tidy(() => model.encode(tf.tensor(data.x, [200, ...data.shape])));
    const codes = await z.data();
    tf.dispose(z);
    model.dispose();
    rows.forEach((p, i) => {
      expect(p.x).toBeCloseTo(codes[2 * i] as number, 3);
      expect(p.y).toBeCloseTo(codes[2 * i + 1] as number, 3);
    });
    expect(await classesDrawn(s.files.png, 10)).toBeGreaterThanOrEqual(8);
  });

  it('a missing --model-dir is one line on stderr, exit 1, no stack', async () => {
    const r = await ae(['embed', '--model-dir', join(dir, 'nothing-here')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^ae: \[CLI_NO_MODEL_DIR\] --model-dir .*nothing-here: no such directory/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a perplexity too large for the points, naming both', async () => {
    const r = await ae([
      'embed',
      '--model-dir',
      join(dir, 'z4'),
      '--method',
      'tsne',
      '--limit',
      '10',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(
      /^ae: \[CLI_BAD_OPTION\] --perplexity 30 is too large for 10 points.*--perplexity 3/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help shows an example', async () => {
    const r = await ae(['embed', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /--method <name>\s+projection to 2-D \(choices: "umap", "tsne", default:\s+"umap"\)/,
    );
    expect(r.stdout).toMatch(/Examples:\n\s+ae embed --model-dir/);
  });
});
