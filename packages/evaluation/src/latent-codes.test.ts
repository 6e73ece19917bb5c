import { toTensor } from '@ae/datasets';
import { ConditionalVAE, ModelError, VAE, VQVAE } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  expectNoLeak,
  expectRejects,
  rowsOf,
  TINY_SHAPE,
  tinyData,
} from './evaluation.test-helpers.js';
import { EvaluationError } from './evaluation-error.js';
import { latentCodes } from './latent-codes.js';

const shape = [...TINY_SHAPE];

function expectRows(codes: Float32Array, rows: number[][], dims: number): void {
  expect(codes.length).toBe(rows.length * dims);
  rows.forEach((row, i) => {
    row.forEach((v, j) => {
      expect(Math.abs((codes[i * dims + j] as number) - v)).toBeLessThan(1e-6);
    });
  });
}

describe('latentCodes', () => {
  const vae = new VAE({ inputShape: shape, latentDim: 3, hidden: [8], seed: 1 });

  it('gives the posterior means of every example, row-major, over uneven batches', async () => {
    const data = tinyData(10, 1);
    const all = toTensor(data);
    const { mean, logVar } = vae.posteriorOf(all);
    const rows = await rowsOf(mean);
    tf.dispose([all, mean, logVar]);
    expectRows(await latentCodes(vae, data, { batchSize: 4 }), rows, 3);
    expectRows(await latentCodes(vae, data), rows, 3);
  });

  it('gives a VQ-VAE’s flattened quantized codes (latentDim values each)', async () => {
    const vq = new VQVAE({
      inputShape: shape,
      architecture: 'dense',
      hidden: [8],
      numCodes: 4,
      codeDim: 2,
    });
    const data = tinyData(5, 2);
    const all = toTensor(data);
    const z = vq.encode(all);
    const rows = await rowsOf(z);
    tf.dispose([all, z]);
    expectRows(await latentCodes(vq, data, { batchSize: 2 }), rows, vq.latentDim);
    vq.dispose();
  });

  it('gives a conditional model the labels, and lets it refuse data without them', async () => {
    const cvae = new ConditionalVAE({
      inputShape: shape,
      latentDim: 2,
      hidden: [8],
      numClasses: 3,
      seed: 2,
    });
    const data = tinyData(7, 3, 3);
    const all = toTensor(data);
    const labels = tf.tensor1d(data.labels as Int32Array, 'int32');
    const z = cvae.encode(all, { labels });
    const rows = await rowsOf(z);
    tf.dispose([all, labels, z]);
    expectRows(await latentCodes(cvae, data, { batchSize: 3 }), rows, 2);
    const { labels: _dropped, ...unlabelled } = data;
    await expectRejects(() => latentCodes(cvae, unlabelled), ModelError, 'labels is required');
    cvae.dispose();
  });

  it('returns an empty array for an empty dataset', async () => {
    const data = { ...tinyData(0, 4) };
    expect(await latentCodes(vae, data)).toEqual(new Float32Array(0));
  });

  it('leaks no tensor', async () => {
    await expectNoLeak(() => latentCodes(vae, tinyData(9, 5), { batchSize: 4 }));
  });

  it('refuses bad arguments and codes of the wrong size, naming the value', async () => {
    const data = tinyData(4, 6);
    const bad = (run: () => Promise<unknown>, text: string) =>
      expectRejects(run, EvaluationError, text);
    await bad(
      () => latentCodes({ latentDim: 2 } as never, data),
      'latentCodes: the model has no encode()',
    );
    await bad(
      () => latentCodes({ encode: vae.encode.bind(vae), latentDim: 0 }, data),
      "the model's latentDim must be a positive integer (values per code), got 0",
    );
    await bad(
      () => latentCodes(vae, data, { batchSize: 1.5 }),
      'batchSize must be an integer ≥ 1, got 1.5',
    );
    await bad(
      () => latentCodes({ encode: vae.encode.bind(vae), inputShape: shape, latentDim: 2 }, data),
      'model.encode returned shape [4, 3] for 4 examples, expected [4, 2]',
    );
  });
});
