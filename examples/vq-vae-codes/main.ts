/**
 * A VQ-VAE (van den Oord et al. 2017) on MNIST: two stride-2 convolutions give a 7×7 map of
 * 16-value vectors, each replaced by the nearest of 64 codebook vectors (a straight-through
 * gradient carries the decoder's gradient past the lookup). The codebook learns by moving
 * averages, and codes that fall out of use restart at encoder outputs. Writes `output.png`:
 * how often each code is chosen on test digits, with the perplexity (the effective number
 * of codes in use), and `reconstructions.png`.
 */
import { loadMnist } from '@ae/datasets/node';
import { codeUsage, reconstructionErrors } from '@ae/evaluation';
import { Trainer } from '@ae/trainer';
import { VQVAE } from '@ae/vae';
import { barChart } from '../shared/charts.js';
import { firstOfEachClass, mapImages, pixelsOf } from '../shared/data.js';
import { imageFigure } from '../shared/image-figure.js';
import { writePicture } from '../shared/render.js';
import { type Example, epochLog, lossLog, runIfMain, startBackend } from '../shared/run.js';

const CODES = 64;

export const vqVaeCodes: Example = async ({ quick, outDir, log = console.log }) => {
  log(`backend: ${await startBackend()}`);
  const train = await loadMnist({ split: 'train', limit: quick ? 600 : 5000 });
  const test = await loadMnist({ split: 'test', limit: quick ? 300 : 2000 });

  const vq = new VQVAE({
    inputShape: [28, 28, 1],
    numCodes: CODES,
    codeDim: 16,
    filters: [32, 64],
    ema: true,
    deadCodeThreshold: 1,
    seed: 1,
  });
  log(`code map ${vq.indexShape.join('×')} of ${CODES} codes`);
  const losses = lossLog();
  const trainer = new Trainer(vq, {
    epochs: quick ? 2 : 3,
    batchSize: quick ? 32 : 64,
    seed: 1,
    callbacks: [epochLog(log, losses, ['reconstruction', 'commitment', 'perplexity'])],
  });
  await trainer.fit(train);

  const usage = await codeUsage(vq, test);
  const used = Array.from(usage.counts).filter((c) => c > 0).length;
  log(
    `perplexity ${usage.perplexity.toFixed(1)} of ${CODES}; ${used} codes used on the test digits`,
  );
  const bce = await reconstructionErrors(vq, test, { metric: 'bce' });
  const meanBce = bce.reduce((a, b) => a + b, 0) / bce.length;

  const total = usage.counts.reduce((a, b) => a + b, 0);
  const chart = await barChart(
    Array.from(usage.counts, (c) => (100 * c) / total),
    {
      title: [
        `VQ-VAE code usage on ${test.count} test digits (${vq.indexShape.join('×')} codes each)`,
        `perplexity ${usage.perplexity.toFixed(1)} of ${CODES} codes, ${used} used`,
      ],
      xLabel: 'code',
      yLabel: '% of positions',
      height: 300,
    },
  );
  const shown = firstOfEachClass(test, 10);
  const recon = imageFigure(
    [
      { label: 'test digits', images: pixelsOf(test, shown), count: 10 },
      {
        label: 'reconstructed',
        images: await mapImages(test, shown, (x) => vq.reconstruct(x)),
        count: 10,
      },
    ],
    { shape: test.shape, title: `VQ-VAE, ${CODES} codes, test BCE ${meanBce.toFixed(1)} nats` },
  );
  const pictures = [
    await writePicture(outDir, 'output.png', chart),
    await writePicture(outDir, 'reconstructions.png', recon),
  ];
  vq.dispose();
  return {
    ...losses,
    metrics: {
      perplexity: usage.perplexity,
      usedCodes: used,
      usedFraction: usage.usedFraction,
      numCodes: CODES,
      testBce: meanBce,
    },
    pictures,
  };
};

await runIfMain(import.meta.url, vqVaeCodes);
