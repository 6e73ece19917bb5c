/**
 * What the overhead and kernel-profile benchmarks train, and how a user trains it without
 * `@ae/trainer`: the five benchmark networks and a hand-written tfjs training loop.
 */
import { createRng } from '@ae/backend';
import { type Dataset, exampleSize } from '@ae/datasets';
import { Autoencoder, type AutoencoderModel, VAE } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';

/** Shape of one MNIST example. */
const MNIST_SHAPE = [28, 28, 1] as const;

/** A network of the benchmarks: a short name for tables and a builder. */
export interface BenchNetwork {
  /** Name in the tables, e.g. `'mlp-vae'`. */
  readonly name: string;
  /** One line saying what it is. */
  readonly description: string;
  /** A fresh model with weights drawn from `seed`; the caller disposes it. */
  build(seed: number): AutoencoderModel;
}

/** The five benchmark networks, all on 28×28×1 inputs with a Bernoulli likelihood. */
export const BENCH_NETWORKS: readonly BenchNetwork[] = [
  {
    name: 'mlp-vae',
    description: 'dense VAE 784-512-(32)-512-784',
    build: (seed) => new VAE({ inputShape: [...MNIST_SHAPE], hidden: [512], latentDim: 32, seed }),
  },
  {
    name: 'dense-ae-32',
    description: 'dense autoencoder 784-32-784',
    build: (seed) => new Autoencoder({ inputShape: MNIST_SHAPE, preset: 'dense-ae-32', seed }),
  },
  {
    name: 'keras-conv-ae',
    description: 'pooled conv autoencoder (conv 32, pool, conv 16, pool; upsampling decoder)',
    build: (seed) => new Autoencoder({ inputShape: MNIST_SHAPE, preset: 'keras-conv-ae', seed }),
  },
  {
    name: 'torch-conv-ae',
    description: 'strided conv autoencoder (conv 16 /2, conv 32 /2, conv 64 7×7; transposed convs)',
    build: (seed) => new Autoencoder({ inputShape: MNIST_SHAPE, preset: 'torch-conv-ae', seed }),
  },
  {
    name: 'torch-conv-vae',
    description: 'strided conv VAE (torch-conv-ae convs, Gaussian latent 128)',
    build: (seed) => new VAE({ inputShape: [...MNIST_SHAPE], preset: 'torch-conv-vae', seed }),
  },
];

/** The benchmark network called `name`; throws with the known names otherwise. */
export function benchNetwork(name: string): BenchNetwork {
  const found = BENCH_NETWORKS.find((n) => n.name === name);
  if (found === undefined) {
    const known = BENCH_NETWORKS.map((n) => n.name).join(', ');
    throw new Error(`benchNetwork: unknown network ${JSON.stringify(name)}; use one of ${known}.`);
  }
  return found;
}

/**
 * One optimizer step on batch `x` as a user writes it: minimize the model's total loss
 * over its trainable variables. The loss terms are disposed inside `minimize`; with
 * `returnCost` the total is returned and the caller owns it.
 */
export function handStep(
  model: AutoencoderModel,
  optimizer: tf.Optimizer,
  x: tf.Tensor,
  returnCost = false,
): tf.Scalar | null {
  return optimizer.minimize(
    () => model.lossTerms({ x }, { training: true }).total,
    returnCost,
    model.trainableVariables,
  );
}

/** The rows of `ds` at `indices` as a float32 tensor `[n, h, w, c]`; the caller owns it. */
export function batchTensor(ds: Dataset, indices: Uint32Array): tf.Tensor4D {
  const size = exampleSize(ds);
  const rows = new Float32Array(indices.length * size);
  for (let i = 0; i < indices.length; i++) {
    const start = (indices[i] as number) * size;
    rows.set(ds.x.subarray(start, start + size), i * size);
  }
  const [h, w, c] = ds.shape;
  return tf.tensor4d(rows, [indices.length, h, w, c], 'float32');
}

/** What {@link handEpoch} measured. */
export interface HandEpochResult {
  /** Wall-clock seconds of the whole epoch (shuffle, batches, steps, final loss read). */
  seconds: number;
  /** Optimizer steps taken: ⌈count / batchSize⌉. */
  steps: number;
  /** Examples trained on. */
  examples: number;
  /** Total loss of the last batch: the only value read back from the backend. */
  lastLoss: number;
}

/**
 * One epoch of a hand-written training loop over `ds`: a seeded permutation of the
 * indices, then per batch a gathered float32 tensor and one `optimizer.minimize`;
 * nothing is read back except the last batch's loss, once, at the end. Leaves no tensor
 * behind (the optimizer's own slots aside).
 */
export async function handEpoch(
  model: AutoencoderModel,
  optimizer: tf.Optimizer,
  ds: Dataset,
  options: { batchSize: number; seed: number },
): Promise<HandEpochResult> {
  const started = performance.now();
  const { batchSize } = options;
  const order = createRng(options.seed).permutation(ds.count);
  const steps = Math.ceil(ds.count / batchSize);
  let lastLoss = Number.NaN;
  for (let b = 0; b < steps; b++) {
    const x = batchTensor(ds, order.subarray(b * batchSize, (b + 1) * batchSize));
    const last = b === steps - 1;
    const cost = handStep(model, optimizer, x, last);
    x.dispose();
    if (cost !== null) {
      lastLoss = (await cost.data())[0] ?? Number.NaN;
      cost.dispose();
    }
  }
  return { seconds: (performance.now() - started) / 1000, steps, examples: ds.count, lastLoss };
}

/** Median of `xs` (the upper one for an even count); NaN when empty. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/**
 * True when `AE_BENCH_QUICK=1` is set: benchmarks shrink their budgets (1–2 rounds, few
 * examples, few steps) to check that they run, not to measure.
 */
export function quickBench(): boolean {
  return process.env.AE_BENCH_QUICK === '1';
}
