/**
 * `ae anomaly` end to end: a one-class model of MNIST digit 1, and a tabular case. The
 * ROC-AUC is recomputed by counting pairs, the scores of the CSV by reconstructing the
 * same examples in this process, and the pictures are decoded.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@ae/backend';
import { type Dataset, split, subset } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import { loadModel } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from './images/png.js';
import { ae, lastJson, redStats } from './test-utils/run-ae.js';

/** One row of anomaly-scores.csv. */
interface Row {
  index: number;
  label: number;
  name: string;
  score: number;
}

async function readScores(path: string): Promise<Row[]> {
  const [header, ...lines] = (await readFile(path, 'utf8')).trim().split('\n');
  expect(header).toBe('index,label,class,score');
  return lines.map((line) => {
    const [index, label, name, score] = line.split(',');
    return { index: Number(index), label: Number(label), name: name ?? '', score: Number(score) };
  });
}

/** ROC-AUC by counting every (anomaly, normal) pair: 1 if the anomaly scores higher, ½ on ties. */
function pairCountAuc(rows: Row[], normal: number): number {
  const pos = rows.filter((r) => r.label !== normal).map((r) => r.score);
  const neg = rows.filter((r) => r.label === normal).map((r) => r.score);
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

/**
 * Σ (x − x̂)² per example, reconstructed by the saved model in this process, float64 sums;
 * with `relative`, divided by Σ x² + Σ x̂².
 */
async function squaredErrors(
  dir: string,
  x: Float32Array,
  shape: number[],
  relative = false,
): Promise<number[]> {
  const model = await loadModel(dir);
  const input = tf.tensor(x, shape);
  const out = model.reconstruct(input);
  const xHat = await out.data();
  tf.dispose([input, out]);
  model.dispose();
  const size = x.length / (shape[0] as number);
  return Array.from({ length: shape[0] as number }, (_, i) => {
    let sum = 0;
    let energy = 0;
    for (let f = i * size; f < (i + 1) * size; f++) {
      sum += ((x[f] as number) - (xHat[f] as number)) ** 2;
      energy += (x[f] as number) ** 2 + (xHat[f] as number) ** 2;
    }
    return relative ? sum / energy : sum;
  });
}

const expectOneLineError = (r: { code: number; stderr: string }, pattern: RegExp) => {
  expect(r.code).toBe(1);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
};

describe('ae anomaly', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ae-anomaly-'));
    await initBackend();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('MNIST: normal digit 1 vs the rest, after a short run', async () => {
    const out = join(dir, 'one');
    const flags = ['--normal-class', '1', '--limit', '1000', '--epochs', '2', '--batch-size', '32'];
    const r = await ae(['anomaly', ...flags, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout);
    expect(s).toMatchObject({
      command: 'anomaly',
      normalClass: '1',
      normalLabel: 1,
      model: 'ae',
      score: 'relative',
      warnings: [],
    });
    // Seeds 0–3 gave 0.996 each; an untrained model gives about 0.5.
    expect(s.rocAuc).toBeGreaterThan(0.97);

    // The scored examples: the run's held-out 1s (first 1000 test 1s), then the other digits
    // among the first 1000 test images.
    const test = await loadMnist({ split: 'test' });
    const labels = test.labels as Int32Array;
    const ones = [...labels.keys()].filter((i) => labels[i] === 1).slice(0, 1000);
    const others = [...labels.keys()].slice(0, 1000).filter((i) => labels[i] !== 1);
    expect(s.examples).toEqual({ normal: ones.length, anomalous: others.length });
    const rows = await readScores(s.files.scores);
    expect(rows.map((row) => row.label)).toEqual([...ones, ...others].map((i) => labels[i]));
    expect(s.rocAuc).toBeCloseTo(pairCountAuc(rows, 1), 12);
    for (const c of s.classes) {
      const mine = rows.filter((row) => row.label === c.label);
      expect(c.count).toBe(mine.length);
      expect(c.meanScore).toBeCloseTo(mine.reduce((a, b) => a + b.score, 0) / mine.length, 9);
    }
    // Scores of a few rows of each part = Σ (x − x̂)² / (Σ x² + Σ x̂²) of those images.
    const picked = [0, 1, 2, ones.length, ones.length + 1, ones.length + 2];
    const images = subset(
      test,
      picked.map((k) => [...ones, ...others][k] as number),
    );
    const ref = await squaredErrors(s.files.model, images.x, [picked.length, 28, 28, 1], true);
    picked.forEach((k, j) => {
      expect(Math.abs((rows[k] as Row).score / (ref[j] as number) - 1)).toBeLessThan(1e-4);
    });

    // Pictures: charts of 640 × 400 CSS pixels at 2×, not blank.
    for (const png of [s.files.histogram, s.files.roc]) {
      const img = decodePng(await readFile(png));
      expect([img.width, img.height]).toEqual([1280, 800]);
      expect(redStats(img).sd).toBeGreaterThan(20);
      // The title is drawn (dark text in the top band), not pushed off the picture.
      expect(redStats(img, 20, 60).sd).toBeGreaterThan(20);
      expect(redStats(img, 0, 4).sd).toBe(0);
    }
    // Top grid: 32 tiles of 56 px, 8 per row; the first tile is the highest-scoring image.
    const top = decodePng(await readFile(s.files.top));
    expect([top.width, top.height]).toEqual([8 * 56 + 9 * 2, 4 * 56 + 5 * 2]);
    const best = rows.reduce((a, b) => (b.score > a.score ? b : a));
    const image = test.x.subarray(([...ones, ...others][best.index] as number) * 784);
    for (let y = 0; y < 28; y += 3) {
      for (let x = 0; x < 28; x += 3) {
        const pixel = top.data[((2 + 2 * y) * top.width + 2 + 2 * x) * 4];
        expect(pixel).toBe(Math.round((image[y * 28 + x] as number) * 255));
      }
    }

    // The saved model scores the same through --model-dir, into another directory.
    const again = await ae([
      'anomaly',
      '--normal-class',
      '1',
      '--model-dir',
      out,
      '--out',
      join(dir, 'again'),
      '--json',
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(lastJson(again.stdout).rocAuc).toBe(s.rocAuc);
    expect(existsSync(join(dir, 'again', 'anomaly-roc.png'))).toBe(true);

    // Errors: one line each, no stack.
    expectOneLineError(
      await ae(['anomaly', '--normal-class', '1', '--model-dir', out, '--score', 'elbo']),
      /^ae: \[CLI_WRONG_FAMILY\] .*--score elbo.*'ae' model/,
    );
    expectOneLineError(
      await ae(['anomaly', '--normal-class', '12', '--model-dir', out]),
      /^ae: \[CLI_BAD_OPTION\] --normal-class 12 is not a class of 'mnist-test'/,
    );
    expectOneLineError(
      await ae([
        'anomaly',
        '--normal-class',
        'seven',
        '--limit',
        '100',
        '--out',
        join(dir, 'never'),
      ]),
      /^ae: \[CLI_BAD_OPTION\] --normal-class seven: .*Available: 0/,
    );
    expect(existsSync(join(dir, 'never'))).toBe(false);
    expectOneLineError(
      await ae(['anomaly', '--normal-class', '1', '--model-dir', join(dir, 'missing')]),
      /^ae: \[CLI_NO_MODEL_DIR\] --model-dir .*missing: no such directory/,
    );
  });

  it('--model conv-ae trains the bottlenecked preset; a code as large as the image gets a one-line warning', async () => {
    const flags = ['--normal-class', '8', '--limit', '200', '--epochs', '1', '--batch-size', '50'];
    const conv = await ae([
      'anomaly',
      ...flags,
      '--model',
      'conv-ae',
      '--out',
      join(dir, 'conv'),
      '--json',
    ]);
    expect(conv.code, conv.stderr).toBe(0);
    expect(lastJson(conv.stdout).warnings).toEqual([]);
    const aeJson = JSON.parse(await readFile(join(dir, 'conv', 'ae.json'), 'utf8'));
    expect(aeJson.config).toMatchObject({ preset: 'bottleneck-conv-ae', latentDim: 64 });

    const keras = await ae([
      'anomaly',
      ...flags,
      '--model',
      'conv-ae',
      '--preset',
      'keras-conv-ae',
      '--out',
      join(dir, 'keras'),
      '--json',
    ]);
    expect(keras.code, keras.stderr).toBe(0);
    const warning =
      "warning: the model's code holds 784 numbers for 784-number examples, so it can copy anomalies too and their scores stay low; use a smaller --latent-dim, --model ae (the default) or --model conv-ae without --preset (bottleneck-conv-ae).";
    expect(lastJson(keras.stdout).warnings).toEqual([warning]);
    expect(keras.stderr.split('\n').filter((l) => l.includes('warning:'))).toEqual([
      `ae anomaly: ${warning}`,
    ]);
  }, 180_000);

  it('csv: a far cluster is found, scored in the standardization the model trained with', async () => {
    // Normal rows around the origin; every sixth row an anomaly around (8, −8, 8).
    let seed = 7;
    const uniform = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const rows: number[][] = [];
    const kinds: string[] = [];
    for (let i = 0; i < 300; i++) {
      const anomaly = i % 6 === 5;
      rows.push([0, 1, 2].map((f) => (anomaly ? 8 * (f === 1 ? -1 : 1) : 0) + 2 * uniform() - 1));
      kinds.push(anomaly ? 'anomaly' : 'normal');
    }
    const file = join(dir, 'readings.csv');
    const text = rows.map((r, i) => `${r.map((v) => v.toFixed(5)).join(',')},${kinds[i]}`);
    await writeFile(file, `a,b,c,kind\n${text.join('\n')}\n`);
    const out = join(dir, 'csv');
    const r = await ae([
      'anomaly',
      '--normal-class',
      'normal',
      '--dataset',
      `csv:${file}`,
      '--label-column',
      'kind',
      '--latent-dim',
      '2',
      '--epochs',
      '3',
      '--batch-size',
      '32',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout);
    expect(s.rocAuc).toBeGreaterThan(0.99);
    // Real-valued data: the default score is the plain squared error.
    expect(s.score).toBe('reconstruction');
    expect(s.files.top).toBeUndefined();
    expect(existsSync(join(out, 'anomaly-top.png'))).toBe(false);
    const scored = await readScores(s.files.scores);
    expect(scored).toHaveLength(s.examples.normal + s.examples.anomalous);
    expect(s.rocAuc).toBeCloseTo(pairCountAuc(scored, s.normalLabel), 12);

    // Recompute: standardize with mean and population std of the normal training rows
    // (the 90 % split of the normal rows), here in float64, then reconstruct.
    const x = Float32Array.from(rows.flatMap((row) => row.map((v) => Number(v.toFixed(5)))));
    const all: Dataset = {
      name: 'readings',
      x,
      shape: [1, 3, 1],
      count: rows.length,
      labels: Int32Array.from(kinds, (k) => (k === 'normal' ? 1 : 0)),
      classNames: ['anomaly', 'normal'],
      domain: 'real',
    };
    const normalIdx = [...kinds.keys()].filter((i) => kinds[i] === 'normal');
    const parts = split(subset(all, normalIdx), { validation: 0.1, seed: 0 });
    const mean = [0, 1, 2].map((f) => {
      let sum = 0;
      for (let i = 0; i < parts.train.count; i++) sum += parts.train.x[i * 3 + f] as number;
      return sum / parts.train.count;
    });
    const std = [0, 1, 2].map((f) => {
      let sum = 0;
      for (let i = 0; i < parts.train.count; i++)
        sum += ((parts.train.x[i * 3 + f] as number) - (mean[f] as number)) ** 2;
      return Math.sqrt(sum / parts.train.count);
    });
    const held = split(all, { validation: 0.1, seed: 0 }).validation as Dataset;
    const anomalies = [...(held.labels as Int32Array).keys()].filter((i) => held.labels?.[i] === 0);
    const z = Float32Array.from(
      anomalies.flatMap((i) =>
        [0, 1, 2].map(
          (f) => ((held.x[i * 3 + f] as number) - (mean[f] as number)) / (std[f] as number),
        ),
      ),
    );
    const ref = (await squaredErrors(out, z, [anomalies.length, 1, 3, 1])).sort((a, b) => a - b);
    const got = scored
      .filter((row) => row.name === 'anomaly')
      .map((row) => row.score)
      .sort((a, b) => a - b);
    expect(got).toHaveLength(ref.length);
    got.forEach((v, k) => {
      expect(Math.abs(v / (ref[k] as number) - 1)).toBeLessThan(1e-3);
    });
  });
});
