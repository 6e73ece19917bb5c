/**
 * A sparse autoencoder (Ng's lecture notes): one hidden layer of 100 sigmoid units on
 * MNIST with a KL penalty that pulls each unit's mean activation towards ρ = 0.05, next to
 * the same network without the penalty. Measures how sparse the codes of test digits are
 * and draws what each unit responds to. Writes `output.png` (the sparse model's features)
 * and `reconstructions.png`.
 */
import { type Dataset, limit } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import { latentCodes, reconstructionErrors } from '@ae/evaluation';
import { Trainer } from '@ae/trainer';
import { Autoencoder, type SparsityConfig } from '@ae/vae';
import { firstOfEachClass, mapImages, pixelsOf } from '../shared/data.js';
import { imageFigure } from '../shared/image-figure.js';
import { writePicture } from '../shared/render.js';
import {
  type Example,
  epochLog,
  type LossLog,
  lossLog,
  runIfMain,
  startBackend,
} from '../shared/run.js';

const UNITS = 100;
const TARGET = 0.05;

/** How sparse codes in (0, 1) are. */
export interface Sparsity {
  /** Mean activation over units and examples (ρ̂). */
  meanActivation: number;
  /** Share of activations above 0.1. */
  activeShare: number;
}

export function measureSparsity(codes: Float32Array): Sparsity {
  let sum = 0;
  let active = 0;
  for (const v of codes) {
    sum += v;
    if (v > 0.1) active++;
  }
  return { meanActivation: sum / codes.length, activeShare: active / codes.length };
}

/** Each unit's feature: the input that drives it hardest under a norm bound, i.e. its normalized weight column. */
function features(model: Autoencoder): Float32Array {
  const kernel = model.encoder.getLayer('code').getWeights()[0];
  if (kernel === undefined) throw new Error('the code layer has no kernel');
  const w = kernel.dataSync() as Float32Array; // [784, UNITS]
  const out = new Float32Array(UNITS * 784);
  for (let u = 0; u < UNITS; u++) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let p = 0; p < 784; p++) {
      const v = w[p * UNITS + u] as number;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    for (let p = 0; p < 784; p++) {
      out[u * 784 + p] = ((w[p * UNITS + u] as number) - lo) / (hi - lo || 1);
    }
  }
  return out;
}

async function trainOne(
  train: Dataset,
  sparsity: SparsityConfig | undefined,
  quick: boolean,
  log: (line: string) => void,
  losses: LossLog,
): Promise<Autoencoder> {
  const model = new Autoencoder({
    inputShape: [28, 28, 1],
    latentDim: UNITS,
    hidden: [],
    codeActivation: 'sigmoid',
    ...(sparsity ? { sparsity } : {}),
    seed: 1,
  });
  const trainer = new Trainer(model, {
    epochs: quick ? 3 : 10,
    batchSize: quick ? 32 : 128,
    seed: 1,
    callbacks: [epochLog(log, losses, sparsity ? ['reconstruction', 'sparsity'] : [])],
  });
  await trainer.fit(train);
  return model;
}

export const sparseAutoencoder: Example = async ({ quick, outDir, log = console.log }) => {
  log(`backend: ${await startBackend()}`);
  const train = await loadMnist({ split: 'train', limit: quick ? 1000 : 20_000 });
  const test = limit(await loadMnist({ split: 'test' }), quick ? 300 : 2000);

  log('with the KL sparsity penalty:');
  const losses = lossLog();
  const sparse = await trainOne(
    train,
    { kind: 'kl', target: TARGET, weight: 3 },
    quick,
    log,
    losses,
  );
  log('without it:');
  const plain = await trainOne(train, undefined, quick, log, lossLog());

  const s = measureSparsity(await latentCodes(sparse, test));
  const p = measureSparsity(await latentCodes(plain, test));
  const mean = (v: Float32Array) => v.reduce((a, b) => a + b, 0) / v.length;
  const bceSparse = mean(await reconstructionErrors(sparse, test, { metric: 'bce' }));
  const bcePlain = mean(await reconstructionErrors(plain, test, { metric: 'bce' }));
  log(
    `mean activation ${s.meanActivation.toFixed(3)} (penalty) vs ${p.meanActivation.toFixed(3)} (none); units above 0.1: ${(100 * s.activeShare).toFixed(1)} % vs ${(100 * p.activeShare).toFixed(1)} %`,
  );

  const featurePng = imageFigure([{ images: features(sparse), count: UNITS }], {
    shape: [28, 28, 1],
    columns: 10,
    scale: 2,
    title: [
      `weights of the ${UNITS} sigmoid units, KL penalty towards ρ = ${TARGET}`,
      `test codes: mean activation ${s.meanActivation.toFixed(3)}, ${(100 * s.activeShare).toFixed(0)} % of units above 0.1`,
      `(without the penalty: ${p.meanActivation.toFixed(3)} and ${(100 * p.activeShare).toFixed(0)} %)`,
    ],
  });
  const shown = firstOfEachClass(test, 10);
  const reconPng = imageFigure(
    [
      { label: 'test digits', images: pixelsOf(test, shown), count: 10 },
      {
        label: 'sparse',
        images: await mapImages(test, shown, (x) => sparse.reconstruct(x)),
        count: 10,
      },
      {
        label: 'no penalty',
        images: await mapImages(test, shown, (x) => plain.reconstruct(x)),
        count: 10,
      },
    ],
    {
      shape: test.shape,
      title: `test BCE ${bceSparse.toFixed(1)} nats (sparse), ${bcePlain.toFixed(1)} (no penalty)`,
    },
  );
  const pictures = [
    await writePicture(outDir, 'output.png', featurePng),
    await writePicture(outDir, 'reconstructions.png', reconPng),
  ];
  sparse.dispose();
  plain.dispose();
  return {
    ...losses,
    metrics: {
      meanActivation: s.meanActivation,
      activeShare: s.activeShare,
      meanActivationWithoutPenalty: p.meanActivation,
      activeShareWithoutPenalty: p.activeShare,
      testBce: bceSparse,
      testBceWithoutPenalty: bcePlain,
      target: TARGET,
    },
    pictures,
  };
};

await runIfMain(import.meta.url, sparseAutoencoder);
