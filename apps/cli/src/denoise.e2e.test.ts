/**
 * `ae denoise --count … --show …`: the PSNR averages every counted image (recomputed here
 * in float64 from the saved model), the picture draws only the first `--show` of them.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@ae/backend';
import { createRng, type Dataset, gaussianNoise, limit } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import { loadModel } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from './images/png.js';
import { ae, lastJson } from './test-utils/run-ae.js';

const TILE = 56; // 28 px at scale 2
const GAP = 2;
const side = (n: number) => n * TILE + (n + 1) * GAP;
const LIMIT = 200;

/** Float64 PSNR (peak 1) of each image of `other` against `reference`; 100 dB when equal. */
function psnrs(reference: ArrayLike<number>, other: ArrayLike<number>, count: number): number[] {
  const size = reference.length / count;
  return Array.from({ length: count }, (_, k) => {
    let mse = 0;
    for (let i = k * size; i < (k + 1) * size; i++) {
      mse += ((reference[i] as number) - (other[i] as number)) ** 2 / size;
    }
    return mse === 0 ? 100 : 10 * Math.log10(1 / mse);
  });
}
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('ae denoise --show', () => {
  let dir = '';
  let validation: Dataset;
  beforeAll(async () => {
    await initBackend();
    validation = limit(await loadMnist({ split: 'test' }), LIMIT);
    dir = await mkdtemp(join(tmpdir(), 'ae-denoise-'));
    const r = await ae([
      'train',
      ...['--model', 'dae', '--limit', `${LIMIT}`, '--hidden', '32', '--epochs', '1'],
      ...['--seed', '1', '--out', dir],
    ]);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--count 50 --show 5: averages 50 images, draws the first 5', async () => {
    const r = await ae(['denoise', '--model-dir', dir, '--count', '50', '--show', '5', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout);
    expect([s.count, s.shown, s.indices.length]).toEqual([50, 5, 50]);
    expect(s.noise).toEqual({ kind: 'gaussian', amount: 0.3 });

    // The 50 clean images, their noisy copies (seed 0) and the model's reconstructions.
    const indices = s.indices as number[];
    const clean = new Float32Array(50 * 784);
    indices.forEach((i, k) => {
      clean.set(validation.x.subarray(i * 784, (i + 1) * 784), k * 784);
    });
    const noisy = gaussianNoise({ std: 0.3 })(clean, createRng(0));
    const model = await loadModel(dir);
    const x = tf.tensor(noisy, [50, 28, 28, 1]);
    const xHat = model.reconstruct(x);
    const denoised = await xHat.data();
    tf.dispose([x, xHat]);
    model.dispose();
    expect(s.psnr.noisy).toBeCloseTo(mean(psnrs(clean, noisy, 50)), 4);
    expect(s.psnr.denoised).toBeCloseTo(mean(psnrs(clean, denoised, 50)), 3);
    // Not the mean of the first five alone.
    expect(Math.abs(s.psnr.noisy - mean(psnrs(clean, noisy, 50).slice(0, 5)))).toBeGreaterThan(
      1e-3,
    );

    // Five columns, three rows; the clean row holds the first five measured images.
    const png = decodePng(await readFile(s.files.image));
    expect([png.width, png.height]).toEqual([side(5), side(3)]);
    for (let c = 0; c < 5; c++) {
      let diff = 0;
      for (let y = 0; y < 28; y++) {
        for (let xx = 0; xx < 28; xx++) {
          const px = (GAP + c * (TILE + GAP) + 2 * xx) * 4;
          const row = GAP + 2 * (TILE + GAP) + 2 * y;
          const grey = (png.data[row * png.width * 4 + px] ?? 0) / 255;
          diff += Math.abs(grey - (clean[c * 784 + y * 28 + xx] as number)) / 784;
        }
      }
      expect(diff, `column ${c}`).toBeLessThan(0.003);
    }
  });

  it('--show above --count draws every image; the default shows 10', async () => {
    const few = await ae(['denoise', '--model-dir', dir, '--count', '3', '--json']);
    expect(few.code, few.stderr).toBe(0);
    const s = lastJson(few.stdout);
    expect([s.count, s.shown]).toEqual([3, 3]);
    const png = decodePng(await readFile(s.files.image));
    expect([png.width, png.height]).toEqual([side(3), side(3)]);
    const many = await ae(['denoise', '--model-dir', dir, '--count', '30']);
    expect(many.code, many.stderr).toBe(0);
    expect(many.stdout).toMatch(/on 30 images: PSNR/);
    expect(many.stdout).toMatch(/clean \(bottom\): the first 10 of the 30/);
    const wide = decodePng(await readFile(join(dir, 'denoise.png')));
    expect(wide.width).toBe(side(10));
    const bad = await ae(['denoise', '--model-dir', dir, '--show', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/option '--show <n>' argument '0' is invalid/);
  });
});
