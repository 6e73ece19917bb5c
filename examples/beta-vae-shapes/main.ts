/**
 * A β-VAE (Higgins et al. 2017) on dSprites-style shapes: 32×32 binary images of a square,
 * an ellipse and a heart at 3 scales, 8 rotations and 8 × 8 positions, with their factors
 * known. β = 4 weighs the KL term four times, which pushes the posterior towards
 * independent dimensions, each following one factor. Writes `output.png`: latent
 * traversals, one row per latent dimension (most informative first), that dimension
 * swept from −2.5 to 2.5 while the others stay at one image's code.
 */
import { type DatasetFactors, SHAPES_SMALL, shapes, toTensor } from '@ae/datasets';
import { latentCodes, mutualInformationGap } from '@ae/evaluation';
import { Trainer } from '@ae/trainer';
import { VAE } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { readAndDispose } from '../shared/data.js';
import { imageFigure } from '../shared/image-figure.js';
import { writePicture } from '../shared/render.js';
import { type Example, epochLog, lossLog, runIfMain, startBackend } from '../shared/run.js';

const LATENT = 6;
const BETA = 4;
const STEPS = 9;
const SPAN = 2.5;

/** Mean KL(q(z_j|x) ‖ N(0, 1)) of each latent dimension j over `x`, in nats. */
async function klPerDimension(vae: VAE, x: tf.Tensor): Promise<Float32Array> {
  const kl = tf.tidy(() => {
    const { mean, logVar } = vae.posteriorOf(x);
    const perDim = tf.mul(0.5, tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(1, logVar)));
    return tf.mean(perDim, 0);
  });
  return readAndDispose(kl);
}

/** The example with the last shape (heart), the largest scale, rotation 0 and x, y in the middle. */
function baseExample(f: DatasetFactors): number {
  const k = f.names.length;
  const [shape = 1, scale = 1, , x = 0, y = 0] = f.sizes;
  const want = [shape - 1, scale - 1, 0, Math.floor(x / 2), Math.floor(y / 2)];
  for (let i = 0; i < f.values.length / k; i++) {
    if (want.every((v, j) => f.values[i * k + j] === v)) return i;
  }
  return 0;
}

export const betaVaeShapes: Example = async ({ quick, outDir, log = console.log }) => {
  log(`backend: ${await startBackend()}`);
  // Shapes drawn larger than dSprites' (circumradius 0.3 of the side instead of 0.16), so that
  // shape, scale and rotation change enough pixels to be worth encoding in a short run.
  const data = shapes({
    ...SHAPES_SMALL,
    radius: 0.3,
    ...(quick ? { positionsX: 4, positionsY: 4 } : {}),
  });
  log(`${data.count} images ${data.shape.join('×')}, factors ${data.factors?.names.join(', ')}`);

  const vae = new VAE({
    inputShape: [...data.shape],
    latentDim: LATENT,
    hidden: [512, 256],
    beta: BETA,
    seed: 1,
  });
  const losses = lossLog();
  const trainer = new Trainer(vae, {
    epochs: quick ? 4 : 15,
    batchSize: 64,
    seed: 1,
    callbacks: [epochLog(log, losses, ['reconstruction', 'kl'])],
  });
  await trainer.fit(data);

  const x = toTensor(data);
  const kl = await klPerDimension(vae, x);
  x.dispose();
  const order = Array.from(kl.keys()).sort((a, b) => (kl[b] as number) - (kl[a] as number));
  log(
    `KL per dimension (nats): ${order.map((j) => `z${j} ${(kl[j] as number).toFixed(2)}`).join(', ')}`,
  );
  const factors = data.factors;
  if (factors === undefined) throw new Error('shapes data has factors');
  const { mig, factors: gaps } = mutualInformationGap(
    await latentCodes(vae, data),
    LATENT,
    factors,
  );
  log(`MIG ${mig.toFixed(3)}; ${gaps.map((g) => `${g.name} ${g.gap.toFixed(2)}`).join(', ')}`);

  // Sweep each dimension around the code of one example: the largest heart, unrotated,
  // nearest the centre.
  const base = baseExample(factors);
  const baseImage = toTensor(data, [base]);
  const code = await readAndDispose(vae.encode(baseImage));
  baseImage.dispose();
  const z = new Float32Array(LATENT * STEPS * LATENT);
  order.forEach((j, row) => {
    for (let s = 0; s < STEPS; s++) {
      const at = (row * STEPS + s) * LATENT;
      z.set(code, at);
      z[at + j] = -SPAN + (2 * SPAN * s) / (STEPS - 1);
    }
  });
  const images = await readAndDispose(
    tf.tidy(() => vae.decode(tf.tensor2d(z, [LATENT * STEPS, LATENT]))),
  );
  const size = data.shape[0] * data.shape[1];
  const png = imageFigure(
    order.map((j, row) => ({
      label: `z${j}, KL ${(kl[j] as number).toFixed(2)}`,
      images: images.subarray(row * STEPS * size, (row + 1) * STEPS * size),
      count: STEPS,
    })),
    {
      shape: data.shape,
      scale: 2,
      title: [
        `β-VAE (β = ${BETA}), latent traversals from −${SPAN} to ${SPAN}`,
        `MIG ${mig.toFixed(3)}`,
      ],
    },
  );
  const picture = await writePicture(outDir, 'output.png', png);
  vae.dispose();
  return {
    ...losses,
    metrics: {
      mig,
      activeDimensions: Array.from(kl).filter((v) => v > 0.1).length,
      latentDimensions: LATENT,
      steps: STEPS,
    },
    pictures: [picture],
  };
};

await runIfMain(import.meta.url, betaVaeShapes);
