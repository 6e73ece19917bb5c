/**
 * Your own networks in a model of `@ae/vae`: an encoder and a decoder written directly
 * with tfjs-layers (strided convolutions with batch normalization, a dense layer, and two
 * outputs for the Gaussian's mean and log-variance), handed to `VAE`, which adds the
 * reparameterized sampling, the KL term, the likelihood, sampling and saving. The shapes
 * are checked when the model is built: a decoder for the wrong latent size is refused with
 * an error that names both shapes. Writes `output.png`: reconstructions and prior samples.
 */
import { loadMnist } from '@ae/datasets/node';
import { likelihoods } from '@ae/evaluation';
import { Trainer } from '@ae/trainer';
import { loadModel, memoryStore, VAE } from '@ae/vae';
import * as tfl from '@tensorflow/tfjs-layers';
import { firstOfEachClass, mapImages, pixelsOf, readAndDispose } from '../shared/data.js';
import { imageFigure } from '../shared/image-figure.js';
import { writePicture } from '../shared/render.js';
import { type Example, epochLog, lossLog, runIfMain, startBackend } from '../shared/run.js';

const LATENT = 8;

/** x [28, 28, 1] → [mean, logVar], each [LATENT]. */
export function myEncoder(seed: number): tfl.LayersModel {
  const init = (k: number) => tfl.initializers.glorotUniform({ seed: seed + k });
  const x = tfl.input({ shape: [28, 28, 1], name: 'image' });
  let h = tfl.layers
    .conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: init(1) })
    .apply(x) as tfl.SymbolicTensor;
  h = tfl.layers.batchNormalization().apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.activation({ activation: 'relu' }).apply(h) as tfl.SymbolicTensor; // 14×14×16
  h = tfl.layers
    .conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: init(2) })
    .apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.batchNormalization().apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.activation({ activation: 'relu' }).apply(h) as tfl.SymbolicTensor; // 7×7×32
  h = tfl.layers.flatten().apply(h) as tfl.SymbolicTensor;
  h = tfl.layers
    .dense({ units: 128, activation: 'relu', kernelInitializer: init(3) })
    .apply(h) as tfl.SymbolicTensor;
  const mean = tfl.layers
    .dense({ units: LATENT, name: 'mean', kernelInitializer: init(4) })
    .apply(h) as tfl.SymbolicTensor;
  // Zero weights: the log-variance starts at 0 (σ = 1) for every input.
  const logVar = tfl.layers
    .dense({ units: LATENT, name: 'log_var', kernelInitializer: 'zeros' })
    .apply(h) as tfl.SymbolicTensor;
  return tfl.model({ inputs: x, outputs: [mean, logVar], name: 'my_encoder' });
}

/** z [latent] → logits [28, 28, 1] (no sigmoid: the VAE applies it). */
export function myDecoder(seed: number, latent = LATENT): tfl.LayersModel {
  const init = (k: number) => tfl.initializers.glorotUniform({ seed: seed + k });
  const z = tfl.input({ shape: [latent], name: 'z' });
  let h = tfl.layers
    .dense({ units: 7 * 7 * 32, activation: 'relu', kernelInitializer: init(1) })
    .apply(z) as tfl.SymbolicTensor;
  h = tfl.layers.reshape({ targetShape: [7, 7, 32] }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers
    .conv2dTranspose({
      filters: 16,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(2),
    })
    .apply(h) as tfl.SymbolicTensor; // 14×14×16
  const logits = tfl.layers
    .conv2dTranspose({
      filters: 1,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      kernelInitializer: init(3),
    })
    .apply(h) as tfl.SymbolicTensor; // 28×28×1
  return tfl.model({ inputs: z, outputs: logits, name: 'my_decoder' });
}

export const customArchitecture: Example = async ({ quick, outDir, log = console.log }) => {
  log(`backend: ${await startBackend()}`);
  const train = await loadMnist({ split: 'train', limit: quick ? 600 : 5000 });
  const test = await loadMnist({ split: 'test', limit: quick ? 300 : 2000 });

  // A decoder built for another latent size does not fit; the check says so before training.
  let refusal = '';
  const wrong = myDecoder(0, 4);
  const encoderForCheck = myEncoder(0);
  try {
    new VAE(
      { inputShape: [28, 28, 1], latentDim: LATENT },
      { encoder: encoderForCheck, decoder: wrong },
    );
  } catch (error) {
    refusal = `${(error as { code?: string }).code}: ${(error as Error).message}`;
    log(`refused as expected: ${refusal}`);
  }
  wrong.dispose();
  encoderForCheck.dispose();

  const vae = new VAE(
    { inputShape: [28, 28, 1], latentDim: LATENT, seed: 1 },
    { encoder: myEncoder(1), decoder: myDecoder(1001) },
  );
  const losses = lossLog();
  const trainer = new Trainer(vae, {
    epochs: quick ? 2 : 4,
    batchSize: quick ? 32 : 64,
    seed: 1,
    callbacks: [epochLog(log, losses, ['reconstruction', 'kl'])],
  });
  await trainer.fit(train);
  const { elbo } = await likelihoods(vae, test);
  const testElbo = elbo.reduce((a, b) => a + b, 0) / elbo.length;

  // The networks are plain tfjs-layers models, so the VAE saves and loads them as any other.
  const store = memoryStore();
  await vae.save(store);
  const again = await loadModel(store);
  const shown = firstOfEachClass(test, 10);
  const recon = await mapImages(test, shown, (x) => vae.reconstruct(x));
  const reloaded = await mapImages(test, shown, (x) => again.reconstruct(x));
  const reloadDifference = recon.reduce(
    (m, v, i) => Math.max(m, Math.abs(v - (reloaded[i] as number))),
    0,
  );
  again.dispose?.();

  const samples = await readAndDispose(vae.sample(10, { seed: 5 }));
  const png = imageFigure(
    [
      { label: 'test digits', images: pixelsOf(test, shown), count: 10 },
      { label: 'reconstructed', images: recon, count: 10 },
      { label: 'prior samples', images: samples, count: 10 },
    ],
    {
      shape: test.shape,
      title: `VAE with your own tfjs-layers networks, test ELBO ${testElbo.toFixed(1)} nats`,
    },
  );
  const picture = await writePicture(outDir, 'output.png', png);
  const params = vae.encoder.countParams() + vae.decoder.countParams();
  vae.dispose();
  return {
    ...losses,
    metrics: {
      testElbo,
      parameters: params,
      reloadDifference,
      refusedWrongDecoder: refusal.startsWith('MODEL_BAD_NETWORK') ? 1 : 0,
    },
    pictures: [picture],
  };
};

await runIfMain(import.meta.url, customArchitecture);
