/**
 * `ae reconstruct | sample | interpolate | manifold | denoise | export` end to end: small
 * models trained once, every picture decoded and checked against recomputations made here
 * with the saved model, and the export loaded back over http.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { type Dataset, limit } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import { type AutoencoderModel, loadModel } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from './images/png.js';
import { ae, lastJson, redStats } from './test-utils/run-ae.js';

type Png = ReturnType<typeof decodePng>;
const TILE = 56; // 28 px at scale 2
const GAP = 2;
const side = (n: number) => n * TILE + (n + 1) * GAP;
const png = async (path: string): Promise<Png> => decodePng(await readFile(path));

/** The 28 × 28 grey values in [0, 1] of the tile at (row, col). */
function tile(img: Png, row: number, col: number): Float64Array {
  const out = new Float64Array(28 * 28);
  const x0 = GAP + col * (TILE + GAP);
  const y0 = GAP + row * (TILE + GAP);
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      out[y * 28 + x] = (img.data[((y0 + 2 * y) * img.width + x0 + 2 * x) * 4] ?? 0) / 255;
    }
  }
  return out;
}

/** Mean absolute difference of two images. */
const diff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return s / a.length;
};

/** Expects a refusal: exit 1, one line on stderr, no stack trace. */
function refused(r: { code: number; stderr: string }, pattern: RegExp) {
  expect(r.code).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

const LIMIT = 2000;
const FIT = ['--limit', `${LIMIT}`, '--epochs', '3', '--batch-size', '25', '--hidden', '128'];
const MODELS: Record<string, string[]> = {
  vae: ['--model', 'vae', '--latent-dim', '2', '--learning-rate', '0.005', ...FIT],
  cvae: ['--model', 'cvae', '--latent-dim', '4', '--learning-rate', '0.005', ...FIT],
  ae: ['--model', 'ae', '--latent-dim', '8', '--learning-rate', '0.005', ...FIT],
  dae: ['--model', 'dae', '--learning-rate', '0.005', ...FIT],
  vq: [
    '--model',
    'vq-vae',
    '--codes',
    '16',
    '--code-dim',
    '4',
    '--limit',
    '1000',
    '--epochs',
    '1',
    '--batch-size',
    '25',
  ],
};

let dir = '';
let validation: Dataset;
const runDir = (name: string) => join(dir, name);
const models: AutoencoderModel[] = [];
/** The saved model of a run, loaded here on the cpu backend. */
async function open(name: string): Promise<AutoencoderModel> {
  const m = await loadModel(runDir(name));
  models.push(m);
  return m;
}
/** Reconstructions of validation examples by a model (labels for conditional ones). */
async function reconstruct(model: AutoencoderModel, indices: number[]): Promise<Float32Array[]> {
  const x = tf.tensor(
    Float32Array.from(
      indices.flatMap((i) => Array.from(validation.x.subarray(i * 784, (i + 1) * 784))),
    ),
    [indices.length, 28, 28, 1],
  );
  const labels = tf.tensor1d(
    indices.map((i) => validation.labels?.[i] ?? 0),
    'int32',
  );
  const out = model.reconstruct(x, model.numClasses ? { labels } : {});
  const data = (await out.data()) as Float32Array;
  tf.dispose([x, labels, out]);
  return indices.map((_, k) => data.subarray(k * 784, (k + 1) * 784));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'ae-explore-'));
  // Two at a time: the machine has two cores.
  const names = Object.keys(MODELS);
  const lane = async (part: string[]) => {
    for (const name of part) {
      const r = await ae(['train', ...(MODELS[name] ?? []), '--seed', '1', '--out', runDir(name)]);
      if (r.code !== 0) throw new Error(`training ${name} failed: ${r.stderr}`);
    }
  };
  await Promise.all([lane(names.slice(0, 3)), lane(names.slice(3))]);
  // The CLI's validation split of MNIST: the first LIMIT test digits.
  validation = limit(await loadMnist({ split: 'test' }), LIMIT);
});

afterAll(async () => {
  for (const m of models) m.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('ae reconstruct', () => {
  it('draws originals above reconstructions and reports the error a recomputation gives', async () => {
    const out = join(dir, 'rec.png');
    const r = await ae([
      'reconstruct',
      '--model-dir',
      runDir('vae'),
      '--count',
      '12',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout);
    expect(s).toMatchObject({
      command: 'reconstruct',
      model: 'vae',
      count: 12,
      files: { image: out },
    });
    const img = await png(out);
    // 12 images, 8 per row: 2 rows of originals, 2 of reconstructions.
    expect([img.width, img.height]).toEqual([side(8), side(4)]);
    expect(redStats(img).sd).toBeGreaterThan(20);
    const indices: number[] = s.indices;
    expect(indices).toEqual([0, 166, 333, 500, 666, 833, 1000, 1166, 1333, 1500, 1666, 1833]);
    const recon = await reconstruct(await open('vae'), indices);
    let sum = 0;
    for (const [k, i] of indices.entries()) {
      const x = validation.x.subarray(i * 784, (i + 1) * 784);
      const xHat = recon[k] as Float32Array;
      for (let j = 0; j < 784; j++) sum += ((x[j] ?? 0) - (xHat[j] ?? 0)) ** 2;
      // Tile k of the top rows is the original, of the rows below its reconstruction.
      const [row, col] = [Math.floor(k / 8), k % 8];
      expect(diff(tile(img, row, col), x)).toBeLessThan(0.003);
      expect(diff(tile(img, row + 2, col), xHat)).toBeLessThan(0.004);
    }
    expect(s.meanSquaredError).toBeCloseTo(sum / indices.length, 1);
    expect(s.validation.examples).toBe(LIMIT);
    // Reconstructions differ from each other (not one blurred mean image).
    expect(diff(tile(img, 2, 0), tile(img, 2, 1))).toBeGreaterThan(0.02);
  });
});

describe('ae sample', () => {
  it('draws a grid from a VAE prior; a low temperature pulls the draws together', async () => {
    const hot = join(dir, 'hot.png');
    const cold = join(dir, 'cold.png');
    const r = await ae([
      'sample',
      '--model-dir',
      runDir('vae'),
      '--count',
      '16',
      '--out',
      hot,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ rows: 4, columns: 4, prior: 'gaussian' });
    const c = await ae([
      'sample',
      '--model-dir',
      runDir('vae'),
      '--count',
      '16',
      '--temperature',
      '0.05',
      '--out',
      cold,
    ]);
    expect(c.code, c.stderr).toBe(0);
    const [h, k] = [await png(hot), await png(cold)];
    expect([h.width, h.height]).toEqual([side(4), side(4)]);
    expect(redStats(h).sd).toBeGreaterThan(20);
    const spread = (img: Png) =>
      diff(tile(img, 0, 0), tile(img, 3, 3)) + diff(tile(img, 1, 2), tile(img, 2, 1));
    expect(spread(h)).toBeGreaterThan(0.04);
    expect(spread(k)).toBeLessThan(spread(h) / 4);
  });

  it('gives a cvae one row per class, or draws of one class by name', async () => {
    const rows = join(dir, 'cvae-rows.png');
    const r = await ae([
      'sample',
      '--model-dir',
      runDir('cvae'),
      '--count',
      '5',
      '--out',
      rows,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ count: 50, rows: 10, columns: 5 });
    expect(lastJson(r.stdout).classes).toHaveLength(10);
    const img = await png(rows);
    expect([img.width, img.height]).toEqual([side(5), side(10)]);
    expect(redStats(img).sd).toBeGreaterThan(20);
    const one = await ae([
      'sample',
      '--model-dir',
      runDir('cvae'),
      '--class',
      '3',
      '--count',
      '6',
      '--json',
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(lastJson(one.stdout)).toMatchObject({ classes: ['3'], rows: 2, columns: 3 });
    expect(existsSync(join(runDir('cvae'), 'sample.png'))).toBe(true);
  });

  it('fits and names the independent per-position prior of a vq-vae', async () => {
    const r = await ae(['sample', '--model-dir', runDir('vq'), '--count', '9', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/independent per-position prior .* 1000 training examples/);
    expect(lastJson(r.stdout)).toMatchObject({ prior: 'independent-categorical', rows: 3 });
    const img = await png(join(runDir('vq'), 'sample.png'));
    expect(redStats(img).sd).toBeGreaterThan(10);
    expect(diff(tile(img, 0, 0), tile(img, 0, 1))).toBeGreaterThan(0.01);
  });
});

describe('ae interpolate', () => {
  it('rows start and end with the originals; the decoded ends match their reconstructions', async () => {
    const out = join(dir, 'line.png');
    const r = await ae([
      'interpolate',
      '--model-dir',
      runDir('vae'),
      '--pairs',
      '3',
      '--steps',
      '6',
      '--seed',
      '2',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout);
    const img = await png(out);
    expect([img.width, img.height]).toEqual([side(8), side(3)]);
    expect(redStats(img).sd).toBeGreaterThan(20);
    const model = await open('vae');
    for (const [row, { from, to, classes }] of s.rows.entries()) {
      expect(classes[0]).not.toBe(classes[1]);
      expect(
        diff(tile(img, row, 0), validation.x.subarray(from * 784, (from + 1) * 784)),
      ).toBeLessThan(0.003);
      expect(diff(tile(img, row, 7), validation.x.subarray(to * 784, (to + 1) * 784))).toBeLessThan(
        0.003,
      );
      const [ra, rb] = (await reconstruct(model, [from, to])) as [Float32Array, Float32Array];
      const [first, last] = [tile(img, row, 1), tile(img, row, 6)];
      expect(diff(first, ra)).toBeLessThan(diff(first, rb));
      expect(diff(last, rb)).toBeLessThan(diff(last, ra));
      expect(diff(first, ra)).toBeLessThan(0.01);
    }
    const fixed = await ae([
      'interpolate',
      '--model-dir',
      runDir('vae'),
      '--from',
      '0',
      '--to',
      '1',
      '--json',
    ]);
    expect(lastJson(fixed.stdout).rows).toEqual([{ from: 0, to: 1, classes: ['7', '2'] }]);
  });
});

describe('ae manifold', () => {
  it('decodes a 2-D VAE over Gaussian quantiles, varying along both axes', async () => {
    const r = await ae(['manifold', '--model-dir', runDir('vae'), '--grid', '6', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout);
    expect(s).toMatchObject({ grid: 6, dims: [0, 1], spacing: 'gaussian' });
    // Φ⁻¹(11/12) and Φ⁻¹(3/4), from tables.
    expect(s.coordinates.x[5]).toBeCloseTo(1.382994127, 8);
    expect(s.coordinates.x[4]).toBeCloseTo(0.67448975, 7);
    const img = await png(join(runDir('vae'), 'manifold.png'));
    expect([img.width, img.height]).toEqual([side(6), side(6)]);
    let alongX = 0;
    let alongY = 0;
    for (let i = 0; i < 6; i++) {
      alongX += diff(tile(img, i, 0), tile(img, i, 5)) / 6;
      alongY += diff(tile(img, 0, i), tile(img, 5, i)) / 6;
    }
    expect(alongX).toBeGreaterThan(0.03);
    expect(alongY).toBeGreaterThan(0.03);
  });

  it('spans the validation codes of a plain autoencoder; decodes a chosen cvae class', async () => {
    const r = await ae([
      'manifold',
      '--model-dir',
      runDir('ae'),
      '--grid',
      '4',
      '--dims',
      '2,5',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout);
    expect(s).toMatchObject({ spacing: 'linear', bounds: 'percentiles', dims: [2, 5] });
    expect(s.coordinates.x[0]).toBeLessThan(s.coordinates.x[3]);
    expect(s.coordinates.x[0]).not.toBe(s.coordinates.y[0]);
    const c = await ae([
      'manifold',
      '--model-dir',
      runDir('cvae'),
      '--grid',
      '3',
      '--class',
      '4',
      '--json',
    ]);
    expect(c.code, c.stderr).toBe(0);
    expect(lastJson(c.stdout)).toMatchObject({ class: '4', spacing: 'gaussian' });
  });
});

describe('ae denoise', () => {
  it('shows noisy / denoised / clean rows, and the denoiser raises the PSNR', async () => {
    const r = await ae(['denoise', '--model-dir', runDir('dae'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout);
    expect(s.noise).toEqual({ kind: 'gaussian', amount: 0.3 });
    const img = await png(s.files.image);
    expect([img.width, img.height]).toEqual([side(10), side(3)]);
    expect(s.psnr.denoised).toBeGreaterThan(s.psnr.noisy + 1);
    // The noisy PSNR again, from the picture's 8-bit noisy and clean rows.
    let psnr = 0;
    for (let c = 0; c < 10; c++) {
      const clean = tile(img, 2, c);
      expect(diff(clean, validation.x.subarray(s.indices[c] * 784))).toBeLessThan(0.003);
      const mse = tile(img, 0, c).reduce((a, v, j) => a + (v - (clean[j] ?? 0)) ** 2, 0) / 784;
      psnr += (10 * Math.log10(1 / mse)) / 10;
    }
    expect(psnr).toBeCloseTo(s.psnr.noisy, 1);
    expect(diff(tile(img, 1, 0), tile(img, 1, 1))).toBeGreaterThan(0.02);
  });
});

describe('ae export', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const path = normalize(
        join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)),
      );
      try {
        res.writeHead(200).end(await readFile(path));
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((ok) => server.close(ok)));

  it('writes model/, export.json and examples.bin that load over http and decode identically', async () => {
    const out = join(dir, 'web');
    const r = await ae([
      'export',
      '--model-dir',
      runDir('cvae'),
      '--out',
      out,
      '--examples',
      '30',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(await readFile(join(out, 'export.json'), 'utf8'));
    expect(e).toMatchObject({
      format: 'ae-export',
      formatVersion: 1,
      family: 'cvae',
      model: 'cvae',
      latentDim: 4,
      inputShape: [28, 28, 1],
      numClasses: 10,
      hasPrior: true,
      examples: { file: 'examples.bin', count: 30 },
    });
    expect(e.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(e.codebook).toBeUndefined();
    expect(Object.keys(e).sort()).toEqual(
      [
        'anomaly',
        'classNames',
        'createdAt',
        'examples',
        'family',
        'format',
        'formatVersion',
        'hasPrior',
        'inputShape',
        'latentDim',
        'model',
        'numClasses',
      ].sort(),
    );
    // Balanced: three of each digit, each the byte image of a validation digit of that label.
    const labels: number[] = e.examples.labels;
    for (let c = 0; c < 10; c++) expect(labels.filter((l) => l === c)).toHaveLength(3);
    const bytes = await readFile(join(out, 'examples.bin'));
    expect(bytes.length).toBe(30 * 784);
    const firstOf = (c: number) => Array.from(validation.labels ?? []).indexOf(c);
    for (let c = 0; c < 10; c++) {
      const x = validation.x.subarray(firstOf(c) * 784, (firstOf(c) + 1) * 784);
      expect(Array.from(bytes.subarray(c * 784, (c + 1) * 784))).toEqual(
        Array.from(x, (v) => Math.round(v * 255)),
      );
    }
    // Anomaly statistics: the squared errors of every validation digit, recomputed here.
    const model = await open('cvae');
    const all = Array.from({ length: LIMIT }, (_, i) => i);
    const errors: number[] = [];
    for (let at = 0; at < LIMIT; at += 500) {
      const recon = await reconstruct(model, all.slice(at, at + 500));
      recon.forEach((xHat, k) => {
        const x = validation.x.subarray((at + k) * 784);
        errors.push(xHat.reduce((a, v, j) => a + (v - (x[j] ?? 0)) ** 2, 0));
      });
    }
    errors.sort((a, b) => a - b);
    const q = (p: number) => {
      const at = p * (errors.length - 1);
      const lo = Math.floor(at);
      return (errors[lo] ?? 0) + (at - lo) * ((errors[lo + 1] ?? 0) - (errors[lo] ?? 0));
    };
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    expect(e.anomaly.score).toBe('squared-error');
    for (const [k, p] of [
      ['p50', 0.5],
      ['p90', 0.9],
      ['p95', 0.95],
      ['p99', 0.99],
    ] as const) {
      expect(e.anomaly.quantiles[k] / q(p)).toBeCloseTo(1, 3);
    }
    expect(e.anomaly.mean / mean).toBeCloseTo(1, 3);
    // The copied model loads over http and decodes exactly as the original.
    const served = await loadModel(`${base}/web/model`);
    models.push(served);
    const z = tf.tensor2d([[0.5, -1, 0.2, 1.5]]);
    const label = tf.tensor1d([7], 'int32');
    const [a, b] = [model.decode(z, { labels: label }), served.decode(z, { labels: label })];
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([z, label, a, b]);
  });

  it('adds the codebook usage and the fitted prior of a vq-vae', async () => {
    const out = join(dir, 'web-vq');
    const r = await ae([
      'export',
      '--model-dir',
      runDir('vq'),
      '--out',
      out,
      '--examples',
      '20',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const e = lastJson(r.stdout).export;
    expect(e).toMatchObject({ family: 'vq-vae', hasPrior: true, numClasses: 0 });
    expect(e.codebook.numCodes).toBe(16);
    // 20 examples × 7 × 7 code positions.
    expect(e.codebook.usage.reduce((a: number, b: number) => a + b, 0)).toBe(20 * 49);
    const served = await loadModel(`${base}/web-vq/model`);
    models.push(served);
    const s = served.sample?.(2, { seed: 1 });
    expect(s?.shape).toEqual([2, 28, 28, 1]);
    s?.dispose();
  });
});

describe('refusals', () => {
  it('each wrong input is one line on stderr and exit code 1 (a rejected flag: 2)', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty, { recursive: true });
    const csv = join(dir, 'rows.csv');
    await writeFile(
      csv,
      `a,b\n${Array.from({ length: 40 }, (_, i) => `${i},${i % 7}`).join('\n')}\n`,
    );
    const tab = join(dir, 'tab');
    const t = await ae([
      'train',
      '--model',
      'ae',
      '--dataset',
      `csv:${csv}`,
      '--latent-dim',
      '1',
      '--epochs',
      '1',
      '--out',
      tab,
    ]);
    expect(t.code, t.stderr).toBe(0);
    const cases: [string[], RegExp][] = [
      [['reconstruct', '--model-dir', join(dir, 'nope')], /CLI_NO_MODEL_DIR.*no such directory/],
      [['sample', '--model-dir', empty], /CLI_NOT_A_MODEL_DIR.*no ae\.json/],
      [['sample', '--model-dir', runDir('ae')], /CLI_WRONG_FAMILY.*'ae' model, which has no prior/],
      [
        ['manifold', '--model-dir', runDir('vae'), '--dims', '0,9'],
        /--dims 0,9: latent dimension 9 does not exist; the model has 2/,
      ],
      [
        ['sample', '--model-dir', runDir('vae'), '--class', '3'],
        /--class 3 given, but .* unconditional 'vae' model/,
      ],
      [['manifold', '--model-dir', runDir('vq')], /vq-vae.*no continuous latent plane/],
      [
        ['sample', '--model-dir', runDir('cvae'), '--class', 'seven'],
        /--class seven is not a class of this model; expected one of 0, 1/,
      ],
      [['interpolate', '--model-dir', runDir('vae'), '--from', '1'], /--from and --to go together/],
      [
        ['interpolate', '--model-dir', runDir('vae'), '--from', '1', '--to', `${LIMIT}`],
        /--to 2000 is not a validation index/,
      ],
      [['export', '--model-dir', tab, '--out', join(dir, 'never')], /trained on tabular data/],
    ];
    for (const [args, pattern] of cases) refused(await ae(args), pattern);
    // A flag commander rejects: its one-line reason (then a pointer to --help).
    const flag = await ae(['denoise', '--model-dir', runDir('dae'), '--noise', 'fog:1']);
    expect(flag.code).toBe(2); // a usage error
    expect(flag.stderr.split('\n')[0]).toMatch(
      /option '--noise <kind:amount>' argument 'fog:1' is invalid/,
    );
    expect(flag.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});
