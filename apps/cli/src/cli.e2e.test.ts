import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from './images/png.js';
import { ae, redStats } from './test-utils/run-ae.js';

const stats = redStats;

describe('ae train (end to end)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ae-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('trains a VAE on an MNIST slice and writes the model, metrics and pictures', async () => {
    const out = join(dir, 'quick');
    const r = await ae([
      'train',
      '--model',
      'vae',
      '--dataset',
      'mnist',
      '--epochs',
      '2',
      '--limit',
      '400',
      '--batch-size',
      '50',
      '--hidden',
      '64',
      '--latent-dim',
      '4',
      '--seed',
      '1',
      '--out',
      out,
      '--json',
    ]);
    expect(r.stderr).toMatch(/backend: wasm/);
    expect(r.stderr).toMatch(/epoch 2\/2: total/);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '');
    expect(summary).toMatchObject({
      command: 'train',
      model: 'vae',
      backend: 'wasm',
      epochs: 2,
      steps: 16,
      examples: { train: 400, validation: 400 },
    });
    for (const k of [
      'total',
      'reconstruction',
      'kl',
      'val_total',
      'val_reconstruction',
      'val_kl',
    ]) {
      expect(Number.isFinite(summary.metrics[k])).toBe(true);
    }
    // 784·ln 2 ≈ 543 nats is the loss of a decoder that knows nothing; two epochs get below it.
    expect(summary.metrics.val_total).toBeLessThan(543);

    const metrics = (await readFile(join(out, 'metrics.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(metrics.map((m) => m.epoch)).toEqual([1, 2]);
    expect(metrics[1].total).toBeLessThan(metrics[0].total);
    expect(metrics[1]).toEqual(summary.metrics);

    const aeJson = JSON.parse(await readFile(join(out, 'ae.json'), 'utf8'));
    expect(aeJson).toMatchObject({
      format: 'ae-model',
      family: 'vae',
      config: { latentDim: 4, hidden: [64], seed: 1 },
      dataset: { name: 'mnist-train', shape: [28, 28, 1] },
    });
    for (const net of ['encoder', 'decoder']) {
      const modelJson = JSON.parse(await readFile(join(out, net, 'model.json'), 'utf8'));
      expect(modelJson.format).toBe('layers-model');
      const bytes = (await readFile(join(out, net, 'weights.bin'))).byteLength;
      const declared = modelJson.weightsManifest[0].weights.reduce(
        (s: number, w: { shape: number[] }) => s + 4 * w.shape.reduce((a, b) => a * b, 1),
        0,
      );
      expect(bytes).toBe(declared);
    }

    // reconstructions.png: 10 tiles of 56 px per row, 2 rows, 2 px gaps.
    const rec = decodePng(await readFile(join(out, 'reconstructions.png')));
    expect([rec.width, rec.height]).toEqual([10 * 56 + 11 * 2, 2 * 56 + 3 * 2]);
    const top = stats(rec, 2, 58);
    const bottom = stats(rec, 60, 116);
    expect(top.sd).toBeGreaterThan(50); // digits: black background, white strokes
    expect(bottom.sd).toBeGreaterThan(10); // reconstructions are not a flat image
    const samples = decodePng(await readFile(join(out, 'samples.png')));
    expect([samples.width, samples.height]).toEqual([8 * 56 + 9 * 2, 8 * 56 + 9 * 2]);
    expect(stats(samples, 0, samples.height).sd).toBeGreaterThan(10);
  });

  it('names the flag, the value and what is accepted for a bad flag value', async () => {
    const epochs = await ae(['train', '--epochs', '0']);
    expect(epochs.code).toBe(2);
    expect(epochs.stderr).toMatch(
      /option '--epochs <n>' argument '0' is invalid\. Expected a positive integer/,
    );
    const model = await ae(['train', '--model', 'gan']);
    expect(model.code).toBe(2);
    expect(model.stderr).toMatch(
      /option '--model <family>' argument 'gan' is invalid\. Allowed choices are ae, dae, sparse-ae, conv-ae, vae, beta-vae, cvae, vq-vae/,
    );
    const hidden = await ae(['train', '--hidden', '512,x']);
    expect(hidden.stderr).toMatch(
      /'--hidden <widths>' argument '512,x' is invalid\. Expected comma-separated positive layer widths/,
    );
    const limit = await ae(['train', '--limit', '70000', '--out', join(dir, 'never')]);
    expect(limit.code).toBe(1);
    expect(limit.stderr).toMatch(/70000/);
    expect(limit.stderr).toMatch(/60000/);
  });

  it('shows an example in --help', async () => {
    const help = await ae(['train', '--help']);
    expect(help.stdout).toMatch(/Examples:\n\s+ae train --model vae --dataset mnist/);
    expect(help.stdout).toMatch(/--dataset <spec>\s+data: mnist \| fashion-mnist/);
  });
});
