/**
 * A conditional VAE (Sohn et al. 2015): encoder and decoder both see the digit's label,
 * so the latent code only has to hold the style, and `sample(n, { label })` draws the
 * digit you ask for. Writes `output.png`: one row of samples per chosen digit. As a
 * check that the rows show the digits asked for, each sample is matched to the nearest
 * mean training image of a class.
 */
import type { Dataset } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import { likelihoods } from '@ae/evaluation';
import { Trainer } from '@ae/trainer';
import { ConditionalVAE } from '@ae/vae';
import { readAndDispose } from '../shared/data.js';
import { imageFigure } from '../shared/image-figure.js';
import { writePicture } from '../shared/render.js';
import { type Example, epochLog, lossLog, runIfMain, startBackend } from '../shared/run.js';

/** The digits to draw, one row each. */
export const CHOSEN = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const PER_ROW = 12;

/** The mean image of each class 0 … classes − 1. */
function classMeans(ds: Dataset, classes: number): Float32Array[] {
  const size = ds.x.length / ds.count;
  const sums = Array.from({ length: classes }, () => new Float32Array(size));
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < ds.count; i++) {
    const k = ds.labels?.[i] as number;
    const s = sums[k] as Float32Array;
    for (let p = 0; p < size; p++) s[p] = (s[p] as number) + (ds.x[i * size + p] as number);
    counts[k] = (counts[k] as number) + 1;
  }
  return sums.map((s, k) => s.map((v) => v / (counts[k] as number)));
}

/** The class whose mean image is nearest (squared distance) to `image`. */
function nearestClass(image: Float32Array, means: Float32Array[]): number {
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  means.forEach((m, k) => {
    let d = 0;
    for (let p = 0; p < m.length; p++) d += ((image[p] as number) - (m[p] as number)) ** 2;
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  });
  return best;
}

export const cvaeDigits: Example = async ({ quick, outDir, log = console.log }) => {
  log(`backend: ${await startBackend()}`);
  const train = await loadMnist({ split: 'train', limit: quick ? 2000 : 20_000 });
  const test = await loadMnist({ split: 'test', limit: quick ? 300 : 2000 });

  const cvae = new ConditionalVAE({
    inputShape: [28, 28, 1],
    latentDim: 8,
    hidden: [512],
    numClasses: 10,
    seed: 1,
  });
  const losses = lossLog();
  const trainer = new Trainer(cvae, {
    epochs: quick ? 3 : 10,
    batchSize: quick ? 32 : 128,
    seed: 1,
    callbacks: [epochLog(log, losses, ['reconstruction', 'kl'])],
  });
  await trainer.fit(train);
  const { elbo } = await likelihoods(cvae, test);
  const testElbo = elbo.reduce((a, b) => a + b, 0) / elbo.length;

  const means = classMeans(train, 10);
  let matched = 0;
  const rows = [];
  for (const [r, digit] of CHOSEN.entries()) {
    const images = await readAndDispose(cvae.sample(PER_ROW, { label: digit, seed: 100 + r }));
    for (let i = 0; i < PER_ROW; i++) {
      if (nearestClass(images.subarray(i * 784, (i + 1) * 784), means) === digit) matched++;
    }
    rows.push({ label: `digit ${digit}`, images, count: PER_ROW });
  }
  const matchedShare = matched / (CHOSEN.length * PER_ROW);
  log(
    `samples nearest to the mean image of the class asked for: ${(100 * matchedShare).toFixed(0)} %`,
  );
  const png = imageFigure(rows, {
    shape: [28, 28, 1],
    labelWidth: 80,
    title: [
      `conditional VAE samples, latent 8, test ELBO ${testElbo.toFixed(1)} nats`,
      `${(100 * matchedShare).toFixed(0)} % nearest to their class's mean image`,
    ],
  });
  const picture = await writePicture(outDir, 'output.png', png);
  cvae.dispose();
  return {
    ...losses,
    metrics: { testElbo, matchedShare, rows: CHOSEN.length, perRow: PER_ROW },
    pictures: [picture],
  };
};

await runIfMain(import.meta.url, cvaeDigits);
