/**
 * The smallest autoencoder: 784 pixels → 32 code units (relu) → 784 pixels (sigmoid),
 * the Keras blog's first example, trained with binary cross-entropy and Adam on MNIST.
 * Writes `output.png`: ten test digits above their reconstructions.
 */
import { loadMnist } from '@ae/datasets/node';
import { reconstructionErrors } from '@ae/evaluation';
import { Trainer } from '@ae/trainer';
import { Autoencoder } from '@ae/vae';
import { firstOfEachClass, mapImages, pixelsOf } from '../shared/data.js';
import { imageFigure } from '../shared/image-figure.js';
import { writePicture } from '../shared/render.js';
import { type Example, epochLog, lossLog, runIfMain, startBackend } from '../shared/run.js';

export const denseAutoencoder: Example = async ({ quick, outDir, log = console.log }) => {
  log(`backend: ${await startBackend()}`);
  const train = await loadMnist({ split: 'train', ...(quick ? { limit: 1000 } : {}) });
  const test = await loadMnist({ split: 'test', limit: quick ? 500 : 10_000 });

  // No hidden layers: the encoder is one dense layer to the 32-unit code, the decoder one
  // dense layer back (logits; the model applies the sigmoid and the cross-entropy).
  const model = new Autoencoder({
    inputShape: [28, 28, 1],
    latentDim: 32,
    hidden: [],
    codeActivation: 'relu',
    seed: 1,
  });
  const losses = lossLog();
  const trainer = new Trainer(model, {
    epochs: quick ? 3 : 8,
    batchSize: quick ? 64 : 256,
    learningRate: 1e-3,
    seed: 1,
    callbacks: [epochLog(log, losses)],
  });
  await trainer.fit(train);

  // Cross-entropy per test image, summed over its 784 pixels (nats): the training loss.
  const bce = await reconstructionErrors(model, test, { metric: 'bce' });
  const squared = await reconstructionErrors(model, test, { metric: 'squared' });
  const mean = (v: Float32Array) => v.reduce((a, b) => a + b, 0) / v.length;

  const shown = firstOfEachClass(test, 10);
  const originals = pixelsOf(test, shown);
  const reconstructions = await mapImages(test, shown, (x) => model.reconstruct(x));
  const png = imageFigure(
    [
      { label: 'test digits', images: originals, count: 10 },
      { label: 'reconstructed', images: reconstructions, count: 10 },
    ],
    { shape: test.shape, title: `784-32-784 autoencoder, test BCE ${mean(bce).toFixed(1)} nats` },
  );
  const picture = await writePicture(outDir, 'output.png', png);
  model.dispose();
  return {
    ...losses,
    metrics: { testBce: mean(bce), testSquaredError: mean(squared), trainImages: train.count },
    pictures: [picture],
  };
};

await runIfMain(import.meta.url, denseAutoencoder);
