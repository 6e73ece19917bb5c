/**
 * `--model` and its flags → a model of `@ae/vae`. The one place the CLI maps family
 * names to classes; everything after construction uses the shared model contract.
 */
import type { Dataset, CorruptionSpec as NoiseSpec } from '@ae/datasets';
import type { PresetName } from '@ae/decoders';
import type { Activation } from '@ae/encoders';
import {
  Autoencoder,
  type AutoencoderModel,
  ConditionalVAE,
  ModelError,
  VAE,
  VQVAE,
} from '@ae/vae';

/** Values of `--model`. */
export const MODEL_NAMES = [
  'ae',
  'dae',
  'sparse-ae',
  'conv-ae',
  'vae',
  'beta-vae',
  'cvae',
  'vq-vae',
] as const;

/** A value of `--model`. */
export type ModelName = (typeof MODEL_NAMES)[number];

/** One line per model for `ae train --help`. */
export const MODEL_HELP: Record<ModelName, string> = {
  ae: 'dense autoencoder (under- or overcomplete through --latent-dim)',
  dae: 'denoising autoencoder: encodes a noisy copy (--noise, default gaussian:0.3), reconstructs the clean one',
  'sparse-ae': 'autoencoder with an L1 penalty on the code (--sparsity-weight)',
  'conv-ae': 'convolutional autoencoder (--preset keras-conv-ae by default, or torch-conv-ae)',
  vae: 'variational autoencoder (--preset torch-conv-vae / keras-conv-vae for conv networks)',
  'beta-vae': 'VAE with --beta (default 4)',
  cvae: 'conditional VAE: encoder and decoder see the class label; sample a chosen class',
  'vq-vae':
    'VQ-VAE: a conv encoder, a codebook of --codes vectors (EMA updates, dead-code restarts), a conv decoder',
};

/** The flags that shape a model. */
export interface ModelFlags {
  model: ModelName;
  preset?: PresetName;
  latentDim?: number;
  hidden: number[];
  /**
   * Activation of the dense hidden layers (`--activation`); absent: the models' own
   * default, `'relu'`. Not used by conv networks (`--preset`, `conv-ae`, `vq-vae`).
   */
  activation?: Activation;
  beta?: number;
  seed: number;
  noise?: NoiseSpec;
  sparsityWeight: number;
  codes: number;
  codeDim: number;
  /** vq-vae: EMA codebook updates (default true; `--no-ema` turns them off). */
  ema: boolean;
  /** vq-vae: restart codes whose moving usage count falls below this. */
  deadCodeThreshold: number;
}

/** Default input noise of `--model dae`. */
export const DAE_DEFAULT_NOISE: NoiseSpec = { kind: 'gaussian', amount: 0.3 };

/** Builds the model `flags` ask for, for examples like those of `train`. */
export function buildModel(flags: ModelFlags, train: Dataset): AutoencoderModel {
  const inputShape = [...train.shape];
  const likelihood = train.domain === 'real' ? 'gaussian' : 'bernoulli';
  const { seed, hidden, preset } = flags;
  const activation = flags.activation === undefined ? {} : { activation: flags.activation };
  const latent = (fallback: number) =>
    preset === undefined ? { latentDim: flags.latentDim ?? fallback } : { preset };
  switch (flags.model) {
    case 'ae':
    case 'dae':
    case 'sparse-ae':
    case 'conv-ae': {
      const conv = flags.model === 'conv-ae' ? { preset: preset ?? 'keras-conv-ae' } : latent(32);
      const noise = trainingNoise(flags);
      return new Autoencoder({
        inputShape,
        hidden,
        likelihood,
        seed,
        ...activation,
        ...(conv as { latentDim: number }),
        ...(flags.model === 'sparse-ae'
          ? { sparsity: { kind: 'l1' as const, weight: flags.sparsityWeight } }
          : {}),
        ...(noise ? { denoising: { corruption: noise.kind, amount: noise.amount } } : {}),
      });
    }
    case 'vae':
    case 'beta-vae':
      return new VAE({
        inputShape,
        hidden,
        likelihood,
        seed,
        ...activation,
        beta: flags.beta ?? (flags.model === 'beta-vae' ? 4 : 1),
        ...latent(16),
      });
    case 'cvae': {
      const numClasses = classCount(train);
      return new ConditionalVAE({
        inputShape,
        hidden,
        likelihood,
        seed,
        ...activation,
        numClasses,
        beta: flags.beta ?? 1,
        ...latent(16),
      });
    }
    case 'vq-vae':
      return new VQVAE({
        inputShape,
        likelihood,
        seed,
        numCodes: flags.codes,
        codeDim: flags.codeDim,
        ema: flags.ema,
        deadCodeThreshold: flags.deadCodeThreshold,
      });
  }
}

/** Classes of a labelled dataset, for conditional models. */
function classCount(ds: Dataset): number {
  if (ds.labels === undefined) {
    throw new ModelError(
      'MODEL_BAD_CONFIG',
      `--model cvae needs labelled data, but ${ds.name} has no labels (for CSV pass --label-column; for images use one subfolder per class).`,
    );
  }
  let max = -1;
  for (const l of ds.labels) max = Math.max(max, l);
  return Math.max(ds.classNames?.length ?? 0, max + 1);
}

/** The noise `--model` trains with: `--noise`, or the denoising default for `dae`. */
export function trainingNoise(flags: Pick<ModelFlags, 'model' | 'noise'>): NoiseSpec | undefined {
  return flags.model === 'dae' ? (flags.noise ?? DAE_DEFAULT_NOISE) : flags.noise;
}
