import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anomalyStats,
  copyModel,
  type ExportJson,
  toBytes,
  writeExportJson,
} from './export-bundle.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ae-export-bundle-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('export bundle', () => {
  it('anomalyStats: type-7 quantiles, mean and population std', () => {
    // 1 … 101: p50 = 51, p90 = 91, p95 = 96, p99 = 100; mean 51; variance (101² − 1)/12 = 850.
    const errors = Float32Array.from({ length: 101 }, (_, i) => i + 1);
    const s = anomalyStats(errors);
    expect(s.score).toBe('squared-error');
    expect(s.quantiles).toEqual({ p50: 51, p90: 91, p95: 96, p99: 100 });
    expect(s.mean).toBe(51);
    expect(s.std).toBeCloseTo(Math.sqrt(850), 12);
  });

  it('toBytes rounds x · 255 and clamps', () => {
    expect(Array.from(toBytes(new Float32Array([0, 1, 0.5, 0.2, -0.3, 1.7])))).toEqual([
      0, 255, 128, 51, 0, 255,
    ]);
  });

  it('copyModel copies ae.json, each model.json and the weight files it lists', async () => {
    const from = join(dir, 'saved');
    await mkdir(join(from, 'encoder'), { recursive: true });
    await writeFile(join(from, 'ae.json'), '{"family":"vae"}');
    const manifest = { weightsManifest: [{ paths: ['./a.bin', 'b.bin'] }] };
    await writeFile(join(from, 'encoder', 'model.json'), JSON.stringify(manifest));
    await writeFile(join(from, 'encoder', 'a.bin'), new Uint8Array([1, 2, 3]));
    await writeFile(join(from, 'encoder', 'b.bin'), new Uint8Array([4]));
    await writeFile(join(from, 'encoder', 'stray.txt'), 'not copied');
    const to = join(dir, 'web', 'model');
    const written = await copyModel(from, to, ['encoder']);
    expect(written.map((p) => p.slice(to.length + 1)).sort()).toEqual([
      'ae.json',
      join('encoder', 'a.bin'),
      join('encoder', 'b.bin'),
      join('encoder', 'model.json'),
    ]);
    expect(Array.from(await readFile(join(to, 'encoder', 'a.bin')))).toEqual([1, 2, 3]);
    // A weight path outside the model directory is refused.
    const evil = { weightsManifest: [{ paths: ['../../x.bin'] }] };
    await writeFile(join(from, 'encoder', 'model.json'), JSON.stringify(evil));
    await expect(copyModel(from, join(dir, 'web2'), ['encoder'])).rejects.toThrow(
      /outside the model directory/,
    );
  });

  it('writeExportJson keeps number arrays on one line and stays valid JSON', async () => {
    const json: ExportJson = {
      format: 'ae-export',
      formatVersion: 1,
      family: 'vq-vae',
      model: 'vq-vae',
      latentDim: 4,
      inputShape: [2, 2, 1],
      numClasses: 0,
      hasPrior: true,
      examples: { file: 'examples.bin', count: 3, labels: [0, 1, 2] },
      anomaly: anomalyStats([1.5, 2e-7, 3]),
      codebook: { numCodes: 2, usage: [5, 7] },
      createdAt: '2024-01-01T00:00:00.000Z',
    };
    const path = await writeExportJson(dir, json);
    const text = await readFile(path, 'utf8');
    expect(text).toContain('"labels": [0, 1, 2]');
    expect(text).toContain('"inputShape": [2, 2, 1]');
    expect(JSON.parse(text)).toEqual(json);
  });
});
