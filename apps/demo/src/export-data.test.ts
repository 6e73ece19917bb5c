import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { canSample } from '@ae/core';
import type { Dataset } from '@ae/datasets';
import { parseExportJson } from '@ae/evaluation';
import { VAE, VQVAE } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExportData } from './explore-source.js';
import { exportData } from './export-data.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** `count` 4×4 images of seeded values in [0, 1], labels cycling 0, 1, 2. */
function images(count: number, seed: number): Dataset {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  return {
    name: 'tiny',
    x: Float32Array.from({ length: count * 16 }, next),
    shape: [4, 4, 1],
    count,
    labels: Int32Array.from({ length: count }, (_, i) => i % 3),
    classNames: ['a', 'b', 'c'],
  };
}

describe('exportData', () => {
  it('gives a VQ-VAE trained in the page a prior, its code usage and a valid export.json', async () => {
    const model = new VQVAE({
      inputShape: [4, 4, 1],
      architecture: 'dense',
      hidden: [8],
      numCodes: 4,
      codeDim: 2,
      seed: 1,
    });
    const validation = images(9, 2);
    const data = await exportData(model, 'vq-vae', images(12, 1), validation);
    expect(parseExportJson(data.meta, 'trained model')).toEqual(data.meta);
    expect(data.meta).toMatchObject({
      family: 'vq-vae',
      model: 'vq-vae',
      hasPrior: true,
      classNames: ['a', 'b', 'c'],
      examples: { file: 'examples.bin', count: 9, labels: [0, 1, 2, 0, 1, 2, 0, 1, 2] },
    });
    // Every code position of every one of the 9 examples is counted once.
    const usage = data.meta.codebook?.usage ?? [];
    const positions = model.indexShape.reduce((a, b) => a * b, 1);
    expect(usage).toHaveLength(4);
    expect(usage.reduce((a, b) => a + b, 0)).toBe(9 * positions);
    expect(data.examples[0]).toBe(Math.round((validation.x[0] as number) * 255));
    // The page rebuilds the model from the data and can sample from the saved prior.
    const bundle = await loadExportData(data);
    expect(canSample(bundle.model)).toBe(true);
    const drawn = (bundle.model.sample as NonNullable<typeof bundle.model.sample>)(2);
    expect(drawn.shape).toEqual([2, 4, 4, 1]);
    tf.dispose(drawn);
    bundle.model.dispose();
    model.dispose();
  });

  it('a VAE: no codebook, a Gaussian prior', async () => {
    const model = new VAE({ inputShape: [4, 4, 1], latentDim: 2, hidden: [8], seed: 1 });
    const data = await exportData(model, 'beta-vae', images(6, 3), images(5, 4));
    expect(data.meta).toMatchObject({ family: 'vae', model: 'beta-vae', hasPrior: true });
    expect(data.meta.codebook).toBeUndefined();
    model.dispose();
  });
});
