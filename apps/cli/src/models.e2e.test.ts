/**
 * `ae train --model …` for every family (and the presets), end to end on a small slice
 * of MNIST; tabular data through `csv:`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from './images/png.js';
import { ae, lastJson, redStats } from './test-utils/run-ae.js';

const last = lastJson;
const small = ['--limit', '96', '--epochs', '1', '--batch-size', '32'];
/** Narrow dense layers; convolutional models refuse `--hidden` (their preset fixes the layers). */
const dense = ['--hidden', '16'];
const spread = (png: { width: number; height: number; data: Uint8Array }) => redStats(png).sd;

describe('ae train --model (every family)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ae-models-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const families: [string, string[], string, string[], boolean][] = [
    // [--model, extra flags, family in ae.json, loss terms, has samples.png]
    ['ae', dense, 'ae', ['reconstruction'], false],
    ['dae', dense, 'ae', ['reconstruction'], false],
    ['sparse-ae', dense, 'ae', ['reconstruction', 'sparsity'], false],
    ['conv-ae', [], 'ae', ['reconstruction'], false],
    ['vae', dense, 'vae', ['reconstruction', 'kl'], true],
    ['beta-vae', dense, 'vae', ['reconstruction', 'kl'], true],
    ['cvae', dense, 'cvae', ['reconstruction', 'kl'], true],
    [
      'vq-vae',
      ['--codes', '16', '--code-dim', '4'],
      'vq-vae',
      ['reconstruction', 'commitment', 'codebook', 'perplexity', 'usage'],
      true,
    ],
  ];

  it.each(families)(
    '--model %s trains, saves its family and draws its pictures',
    async (model, extra, family, terms, samples) => {
      const out = join(dir, model);
      const r = await ae([
        'train',
        '--model',
        model,
        ...small,
        ...extra,
        '--seed',
        '3',
        '--out',
        out,
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const summary = last(r.stdout);
      expect(summary).toMatchObject({ command: 'train', model, steps: 3 });
      for (const t of ['total', ...terms, ...terms.map((x) => `val_${x}`)]) {
        expect(Number.isFinite(summary.metrics[t]), `${model}: ${t}`).toBe(true);
      }
      const aeJson = JSON.parse(await readFile(join(out, 'ae.json'), 'utf8'));
      expect(aeJson.family).toBe(family);
      if (model === 'beta-vae') expect(aeJson.config.beta).toBe(4);
      if (model === 'dae')
        expect(aeJson.config.denoising).toEqual({ corruption: 'gaussian', amount: 0.3 });
      if (model === 'conv-ae') expect(aeJson.config.preset).toBe('keras-conv-ae');
      const rec = decodePng(await readFile(join(out, 'reconstructions.png')));
      // 10 test digits of 56 px per row: clean + reconstruction rows, and the noisy row for dae.
      const rows = model === 'dae' ? 3 : 2;
      expect([rec.width, rec.height]).toEqual([10 * 56 + 11 * 2, rows * 56 + (rows + 1) * 2]);
      expect(spread(rec)).toBeGreaterThan(20);
      expect(existsSync(join(out, 'samples.png'))).toBe(samples);
      if (samples) {
        const s = decodePng(await readFile(join(out, 'samples.png')));
        // cvae: one row of 8 per class (10 digits); others an 8 × 8 grid.
        expect(s.height).toBe(model === 'cvae' ? 10 * 56 + 11 * 2 : 8 * 56 + 9 * 2);
        expect(spread(s)).toBeGreaterThan(3);
      }
    },
    120_000,
  );

  it('--preset picks a classic network (torch-conv-vae: latent 128)', async () => {
    const out = join(dir, 'preset');
    const r = await ae([
      'train',
      '--model',
      'vae',
      '--preset',
      'torch-conv-vae',
      ...small,
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const aeJson = JSON.parse(await readFile(join(out, 'ae.json'), 'utf8'));
    expect(aeJson.config).toMatchObject({ preset: 'torch-conv-vae', latentDim: 128 });
  });

  it('refuses a preset of the wrong kind in one line', async () => {
    const r = await ae([
      'train',
      '--model',
      'vae',
      '--preset',
      'keras-conv-ae',
      ...small,
      '--out',
      join(dir, 'never'),
    ]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^ae: \[MODEL_BAD_CONFIG\] .*keras-conv-ae/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('csv:<file> standardizes on the training part and trains with a Gaussian likelihood', async () => {
    // Two features along a line plus noise; the label column is text.
    const rows = ['a,b,status'];
    for (let i = 0; i < 120; i++) {
      const t = (i % 40) / 40;
      rows.push(
        `${(100 + 50 * t).toFixed(3)},${(-3 + 0.5 * t + 0.01 * (i % 7)).toFixed(4)},${i % 3 ? 'ok' : 'fault'}`,
      );
    }
    const file = join(dir, 'readings.csv');
    await writeFile(file, `${rows.join('\n')}\n`);
    const out = join(dir, 'csv');
    const r = await ae([
      'train',
      '--model',
      'ae',
      '--dataset',
      `csv:${file}`,
      '--label-column',
      'status',
      '--latent-dim',
      '1',
      '--epochs',
      '2',
      '--batch-size',
      '16',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/data: readings-train 108 examples of 1×2×1, readings-validation 12/);
    const summary = last(r.stdout);
    expect(summary.files.reconstructions).toBeUndefined(); // no pictures of table rows
    const aeJson = JSON.parse(await readFile(join(out, 'ae.json'), 'utf8'));
    expect(aeJson.config.likelihood).toBe('gaussian');
    expect(aeJson.dataset.classNames).toEqual(['fault', 'ok']);
    // Standardized features: ½‖x − x̂‖² per example starts near ½·2 = 1 and must stay finite.
    expect(summary.metrics.val_reconstruction).toBeLessThan(5);
    // A non-numeric cell is named by file, line and column.
    await writeFile(file, 'a,b\n1,2\n3,x\n');
    const bad = await ae(['train', '--dataset', `csv:${file}`, '--out', join(dir, 'never')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/CSV_NOT_NUMERIC.*readings\.csv.*line 3.*b/);
  });
});
