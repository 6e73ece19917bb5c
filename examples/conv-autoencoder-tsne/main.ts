/**
 * The Keras blog's convolutional autoencoder (conv 32 → pool → conv 16 → pool: a 7×7×16
 * code; upsampling and convolutions back), trained on MNIST, and a t-SNE map of the codes
 * of test digits it never saw, coloured by digit. Writes `output.png` (the map) and
 * `reconstructions.png`.
 */
import { limit } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import { latentCodes, reconstructionErrors } from '@ae/evaluation';
import { Trainer } from '@ae/trainer';
import { Autoencoder } from '@ae/vae';
import { scatterChart } from '../shared/charts.js';
import { firstOfEachClass, mapImages, pixelsOf } from '../shared/data.js';
import { imageFigure } from '../shared/image-figure.js';
import { writePicture } from '../shared/render.js';
import { type Example, epochLog, lossLog, runIfMain, startBackend } from '../shared/run.js';
import { nearestNeighbourAgreement, tsne2d } from '../shared/tsne.js';

export const convAutoencoderTsne: Example = async ({ quick, outDir, log = console.log }) => {
  log(`backend: ${await startBackend()}`);
  const train = await loadMnist({ split: 'train', limit: quick ? 600 : 5000 });
  const test = await loadMnist({ split: 'test' });

  const model = new Autoencoder({ inputShape: [28, 28, 1], preset: 'keras-conv-ae', seed: 1 });
  log(`code: ${model.latentDim} values per image (a 7×7×16 feature map)`);
  const losses = lossLog();
  const trainer = new Trainer(model, {
    epochs: quick ? 2 : 3,
    batchSize: quick ? 32 : 64,
    seed: 1,
    callbacks: [epochLog(log, losses)],
  });
  await trainer.fit(train);

  // Codes of the first test digits, embedded in 2-D.
  const points = limit(test, quick ? 300 : 1000);
  const codes = await latentCodes(model, points);
  const labels = points.labels as Int32Array;
  log(`t-SNE of ${points.count} codes…`);
  const xy = tsne2d(codes, points.count, model.latentDim, {
    perplexity: 30,
    iterations: quick ? 250 : 500,
    seed: 1,
  });
  // A number for the picture: how often a point's nearest neighbour on the map is the
  // same digit (chance: about 0.1).
  const agreement = nearestNeighbourAgreement(xy, labels);
  const bce = await reconstructionErrors(model, points, { metric: 'bce' });
  const meanBce = bce.reduce((a, b) => a + b, 0) / bce.length;

  const map = await scatterChart(xy, labels, {
    title: [
      `t-SNE of the 784-value codes of ${points.count} test digits (keras-conv-ae)`,
      `nearest neighbour on the map is the same digit for ${(100 * agreement).toFixed(0)} %`,
    ],
    classNames: test.classNames ?? [],
  });
  const shown = firstOfEachClass(test, 10);
  const recon = imageFigure(
    [
      { label: 'test digits', images: pixelsOf(test, shown), count: 10 },
      {
        label: 'reconstructed',
        images: await mapImages(test, shown, (x) => model.reconstruct(x)),
        count: 10,
      },
    ],
    { shape: test.shape, title: `keras-conv-ae, test BCE ${meanBce.toFixed(1)} nats` },
  );
  const pictures = [
    await writePicture(outDir, 'output.png', map),
    await writePicture(outDir, 'reconstructions.png', recon),
  ];
  model.dispose();
  return {
    ...losses,
    metrics: { neighbourAgreement: agreement, testBce: meanBce, codeSize: model.latentDim },
    pictures,
  };
};

await runIfMain(import.meta.url, convAutoencoderTsne);
