/**
 * The keras-io convolutional VAE (conv 32 / 64 with stride 2, dense 16, a 2-D Gaussian
 * latent; transposed convolutions back) on MNIST, and the map of its latent plane: a
 * grid of points z = (z₁, z₂) decoded into digits. Writes `output.png` (the manifold).
 */
import { loadMnist } from '@ae/datasets/node';
import { likelihoods } from '@ae/evaluation';
import { Trainer } from '@ae/trainer';
import { VAE } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { readAndDispose } from '../shared/data.js';
import { imageFigure } from '../shared/image-figure.js';
import { writePicture } from '../shared/render.js';
import { type Example, epochLog, lossLog, runIfMain, startBackend } from '../shared/run.js';

/** Points of the latent plane: `n` × `n` row-major, z₁ left to right, z₂ top to bottom from +span to −span. */
export function latentGrid(n: number, span: number): Float32Array {
  const grid = new Float32Array(n * n * 2);
  const at = (i: number) => -span + (2 * span * i) / (n - 1);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      grid[2 * (row * n + col)] = at(col);
      grid[2 * (row * n + col) + 1] = -at(row);
    }
  }
  return grid;
}

export const convVaeManifold: Example = async ({ quick, outDir, log = console.log }) => {
  log(`backend: ${await startBackend()}`);
  const train = await loadMnist({ split: 'train', limit: quick ? 600 : 6000 });
  const test = await loadMnist({ split: 'test', limit: quick ? 300 : 2000 });

  const vae = new VAE({ inputShape: [28, 28, 1], preset: 'keras-conv-vae', seed: 1 });
  log(`latent dimensions: ${vae.latentDim}`);
  const losses = lossLog();
  const trainer = new Trainer(vae, {
    epochs: quick ? 2 : 4,
    batchSize: 32,
    seed: 1,
    callbacks: [epochLog(log, losses, ['reconstruction', 'kl'])],
  });
  await trainer.fit(train);
  const { elbo } = await likelihoods(vae, test);
  const testElbo = elbo.reduce((a, b) => a + b, 0) / elbo.length;

  const n = quick ? 8 : 15;
  const span = 2;
  const images = await readAndDispose(
    tf.tidy(() => vae.decode(tf.tensor2d(latentGrid(n, span), [n * n, 2]))),
  );
  const png = imageFigure([{ images, count: n * n }], {
    shape: [28, 28, 1],
    columns: n,
    scale: 2,
    title: [
      `keras-conv-vae latent plane, test ELBO ${testElbo.toFixed(1)} nats`,
      `z₁ from −${span} to ${span} (left to right), z₂ from ${span} to −${span} (top to bottom)`,
    ],
  });
  const picture = await writePicture(outDir, 'output.png', png);
  // How much the decoded digits change across the plane: the mean per-pixel standard
  // deviation over the grid (0 if every point decoded to the same image).
  let spread = 0;
  for (let p = 0; p < 784; p++) {
    let s = 0;
    let s2 = 0;
    for (let k = 0; k < n * n; k++) {
      const v = images[k * 784 + p] as number;
      s += v;
      s2 += v * v;
    }
    const m = s / (n * n);
    spread += Math.sqrt(Math.max(0, s2 / (n * n) - m * m));
  }
  vae.dispose();
  return {
    ...losses,
    metrics: { testElbo, gridSize: n, manifoldPixelStd: spread / 784 },
    pictures: [picture],
  };
};

await runIfMain(import.meta.url, convVaeManifold);
