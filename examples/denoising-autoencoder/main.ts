/**
 * A denoising autoencoder (Vincent et al. 2008): the Keras blog's conv autoencoder trained
 * to map digits with Gaussian noise (σ = 0.5, clipped to [0, 1]) back to the clean digits.
 * The trainer corrupts every batch anew; the test set gets one fixed noisy copy. Writes
 * `output.png`: noisy inputs, the model's outputs, the clean digits.
 */
import { corrupt, gaussianNoise } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import { meanPsnr } from '@ae/evaluation';
import { Trainer } from '@ae/trainer';
import { Autoencoder } from '@ae/vae';
import { firstOfEachClass, mapImages, pixelsOf, range } from '../shared/data.js';
import { imageFigure } from '../shared/image-figure.js';
import { writePicture } from '../shared/render.js';
import { type Example, epochLog, lossLog, runIfMain, startBackend } from '../shared/run.js';

export const NOISE_STD = 0.5;

export const denoisingAutoencoder: Example = async ({ quick, outDir, log = console.log }) => {
  log(`backend: ${await startBackend()}`);
  const train = await loadMnist({ split: 'train', limit: quick ? 600 : 5000 });
  const test = await loadMnist({ split: 'test', limit: quick ? 200 : 1000 });
  const noise = gaussianNoise({ std: NOISE_STD });
  const noisyTest = corrupt(test, noise, { seed: 7 });

  const model = new Autoencoder({
    inputShape: [28, 28, 1],
    preset: 'keras-conv-ae',
    denoising: { corruption: 'gaussian', amount: NOISE_STD },
    seed: 1,
  });
  const losses = lossLog();
  const trainer = new Trainer(model, {
    epochs: quick ? 2 : 3,
    batchSize: quick ? 32 : 64,
    corruption: noise, // batch.input = noisy copy, batch.x = clean target
    seed: 1,
    callbacks: [epochLog(log, losses)],
  });
  await trainer.fit(train);

  // Peak signal-to-noise ratio against the clean digits (peak 1), in dB: higher is closer.
  const all = range(test.count);
  const denoised = await mapImages(noisyTest, all, (x) => model.reconstruct(x));
  const psnrNoisy = meanPsnr(test.x, noisyTest.x, test.count);
  const psnrDenoised = meanPsnr(test.x, denoised, test.count);
  log(`PSNR: noisy ${psnrNoisy.toFixed(1)} dB → denoised ${psnrDenoised.toFixed(1)} dB`);

  const shown = firstOfEachClass(test, 10);
  const png = imageFigure(
    [
      { label: `noisy (σ ${NOISE_STD})`, images: pixelsOf(noisyTest, shown), count: 10 },
      {
        label: 'denoised',
        images: await mapImages(noisyTest, shown, (x) => model.reconstruct(x)),
        count: 10,
      },
      { label: 'clean', images: pixelsOf(test, shown), count: 10 },
    ],
    {
      shape: test.shape,
      title: `denoising conv autoencoder: ${psnrNoisy.toFixed(1)} dB → ${psnrDenoised.toFixed(1)} dB PSNR on ${test.count} test digits`,
    },
  );
  const picture = await writePicture(outDir, 'output.png', png);
  model.dispose();
  return { ...losses, metrics: { psnrNoisy, psnrDenoised }, pictures: [picture] };
};

await runIfMain(import.meta.url, denoisingAutoencoder);
