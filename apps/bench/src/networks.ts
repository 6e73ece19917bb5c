/**
 * The five networks of the training and inference benchmarks, built with `@ae/vae` as
 * `ae train` builds them for MNIST (28×28×1 pixels in [0, 1], so a Bernoulli likelihood:
 * the decoders output logits, the loss is the binary cross-entropy summed over pixels and
 * averaged over the batch, plus the KL for the VAEs). `peers/torch_bench.py` writes the
 * same networks in PyTorch under the same names.
 */
import { Autoencoder, type AutoencoderModel, VAE } from '@ae/vae';
import { BenchError } from './bench-utils.js';

/** Names of the benchmark networks, as the probe's and the peer's `--network` take them. */
export type NetworkName =
  | 'dense-ae-32'
  | 'keras-conv-ae'
  | 'bottleneck-conv-ae'
  | 'bottleneck-conv-vae'
  | 'mlp-vae';

/** One benchmark network. */
export interface BenchNetworkSpec {
  /** Name in the tables and on the command lines. */
  readonly name: NetworkName;
  /** One line saying what it is, for the section text. */
  readonly description: string;
  /** True for the convolutional ones (much slower on the tfjs cpu backend). */
  readonly conv: boolean;
  /** A fresh model with weights drawn from `seed`; the caller disposes it. */
  build(seed: number): AutoencoderModel;
}

const MNIST_SHAPE = [28, 28, 1];

/** The five networks, in table order. */
export const NETWORKS: readonly BenchNetworkSpec[] = [
  {
    name: 'dense-ae-32',
    description: "Autoencoder preset 'dense-ae-32': 784 → 32 (relu) → 784",
    conv: false,
    build: (seed) => new Autoencoder({ inputShape: MNIST_SHAPE, preset: 'dense-ae-32', seed }),
  },
  {
    name: 'keras-conv-ae',
    description:
      "Autoencoder preset 'keras-conv-ae': conv 32 → pool → conv 16 → pool (7×7×16) → conv 16 → up → conv 32 → up → conv 1",
    conv: true,
    build: (seed) => new Autoencoder({ inputShape: MNIST_SHAPE, preset: 'keras-conv-ae', seed }),
  },
  {
    name: 'bottleneck-conv-ae',
    description:
      "Autoencoder preset 'bottleneck-conv-ae': conv 16 /2 → conv 32 /2 → conv 64 7×7 (1×1×64) → transposed convs 32, 16, 1",
    conv: true,
    build: (seed) =>
      new Autoencoder({ inputShape: MNIST_SHAPE, preset: 'bottleneck-conv-ae', seed }),
  },
  {
    name: 'bottleneck-conv-vae',
    description:
      "VAE preset 'bottleneck-conv-vae': the bottleneck-conv-ae convs → Gaussian latent 128 → dense 64 → transposed convs",
    conv: true,
    build: (seed) => new VAE({ inputShape: MNIST_SHAPE, preset: 'bottleneck-conv-vae', seed }),
  },
  {
    name: 'mlp-vae',
    description: 'VAE 784-512-(32)-512-784, relu',
    conv: false,
    build: (seed) => new VAE({ inputShape: MNIST_SHAPE, hidden: [512], latentDim: 32, seed }),
  },
];

/**
 * The network called `name`.
 *
 * @throws BenchError `BENCH_BAD_ARGUMENT` naming the value and the accepted names.
 */
export function networkByName(name: string | undefined): BenchNetworkSpec {
  const found = NETWORKS.find((n) => n.name === name);
  if (found === undefined) {
    throw new BenchError(
      'BENCH_BAD_ARGUMENT',
      `--network must be one of ${NETWORKS.map((n) => n.name).join(', ')}, got ${JSON.stringify(name)}.`,
    );
  }
  return found;
}

/** Number of trainable scalars of a model (the sum of its variables' sizes). */
export function parameterCount(model: AutoencoderModel): number {
  return model.trainableVariables.reduce((sum, v) => sum + v.size, 0);
}

/**
 * The networks named in `AE_BENCH_NETWORKS` (comma-separated, e.g. `dense-ae-32,mlp-vae`),
 * or all of them when it is unset or empty.
 *
 * @throws BenchError `BENCH_BAD_ARGUMENT` naming the unknown names.
 */
export function selectedNetworks(): readonly BenchNetworkSpec[] {
  const only = process.env.AE_BENCH_NETWORKS;
  if (only === undefined || only === '') return NETWORKS;
  const names = only.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !NETWORKS.some((net) => net.name === n));
  if (unknown.length > 0) {
    throw new BenchError(
      'BENCH_BAD_ARGUMENT',
      `AE_BENCH_NETWORKS names unknown networks ${unknown.join(', ')}; use ${NETWORKS.map((n) => n.name).join(', ')}.`,
    );
  }
  return NETWORKS.filter((n) => names.includes(n.name));
}
