import { isPositiveInt, isNonNegative as isWeight } from '@ae/core';
import { convEncoderShapes } from '@ae/encoders';
import { ACTIVATIONS, type Activation } from '@ae/layers';
import { badConfig } from './config-checks.js';
import { ModelError } from './model-error.js';
import { presetSpec } from './presets.js';

/** The presets with a deterministic code, usable by an {@link Autoencoder}. */
export type AutoencoderPresetName =
  | 'dense-ae-32'
  | 'keras-conv-ae'
  | 'torch-conv-ae'
  | 'bottleneck-conv-ae';

/** Every {@link AutoencoderPresetName}, for validation and help texts. */
export const AUTOENCODER_PRESETS: readonly AutoencoderPresetName[] = [
  'dense-ae-32',
  'keras-conv-ae',
  'torch-conv-ae',
  'bottleneck-conv-ae',
];

/** Presets whose Gaussian head makes them VAEs. */
const GAUSSIAN_PRESETS = ['torch-conv-vae', 'keras-conv-vae', 'bottleneck-conv-vae'];

/**
 * The reconstruction likelihood p(x | code):
 * - `'bernoulli'`: binary cross-entropy of the decoder's logits, for data in [0, 1]
 *   (pixels); `decode` applies the sigmoid.
 * - `'gaussian'`: a unit-variance Gaussian without its constant, i.e. the squared error
 *   `½‖x − x̂‖²` per example; for real-valued data such as standardized table columns.
 *   `decode` returns the decoder output (the mean) as it is, not clipped to [0, 1].
 */
export type AutoencoderLikelihood = 'bernoulli' | 'gaussian';

/**
 * How the reconstruction term is reduced over the features of an example (always averaged
 * over the batch): `'sum'`: summed, nats per example (the VAE convention); `'mean'`:
 * averaged, i.e. the sum divided by the number of features (PyTorch's `BCELoss()` and
 * Keras' `binary_crossentropy` defaults).
 */
export type ReconstructionReduction = 'sum' | 'mean';

/** Every {@link ReconstructionReduction}. */
export const RECONSTRUCTION_REDUCTIONS: readonly ReconstructionReduction[] = ['sum', 'mean'];

/** Every {@link AutoencoderLikelihood}. */
export const AUTOENCODER_LIKELIHOODS: readonly AutoencoderLikelihood[] = ['bernoulli', 'gaussian'];

/**
 * An activity penalty on the code (a sparse autoencoder):
 * - `{ kind: 'l1', weight }`: `weight · Σ_j |code_j|` per example (averaged over the batch).
 * - `{ kind: 'kl', target, weight }`: `weight · Σ_j KL(ρ ‖ ρ̂_j)`, where ρ̂_j is unit j's
 *   mean activation over the batch and ρ = `target` ∈ (0, 1) (Ng's sparse autoencoder).
 *   Needs codes in (0, 1): `codeActivation: 'sigmoid'`.
 */
export type SparsityConfig =
  | {
      /** L1 penalty on the code. */
      kind: 'l1';
      /** Weight λ ≥ 0 of the penalty in the total loss. */
      weight: number;
    }
  | {
      /** KL divergence of each unit's mean activation from a target. */
      kind: 'kl';
      /** Target mean activation ρ of every code unit, in (0, 1), e.g. 0.05. */
      target: number;
      /** Weight β ≥ 0 of the penalty in the total loss. */
      weight: number;
    };

/**
 * What the data pipeline corrupted the input with (a denoising autoencoder). Metadata
 * only, recorded in `ae.json`: the corrupted copy itself comes in `batch.input`.
 */
export interface DenoisingConfig {
  /** Kind of corruption, e.g. `'gaussian'` (additive noise) or `'masking'`. */
  corruption: string;
  /** Its strength, e.g. the noise standard deviation or the masked fraction; ≥ 0. */
  amount: number;
}

/** Hyper-parameters of an {@link Autoencoder}; everything `ae.json` needs to rebuild it. */
export interface AutoencoderConfig {
  /** Shape of one example, e.g. `[28, 28, 1]` (images) or `[12]` (table rows). */
  inputShape: number[];
  /**
   * Dimension of the code as `encode` returns it. Required for the dense networks. With a
   * preset it is derived from the preset's code (32 for `dense-ae-32`, 7·7·16 = 784 for
   * `keras-conv-ae`, 7·7·64 = 3136 for `torch-conv-ae`, 1·1·64 = 64 for `bottleneck-conv-ae` on 28×28×1) and may be left out; a
   * given value that differs is an error.
   */
  latentDim: number;
  /**
   * Hidden widths of the dense encoder, input side first; the decoder mirrors them. Default
   * `[256]`. Not used with a preset or with networks passed to the constructor.
   */
  hidden: number[];
  /** Activation of the dense hidden layers. Default `'relu'`. Not used with a preset. */
  activation: Activation;
  /**
   * Ready-made encoder/decoder pair (see `PRESETS`; deterministic or feature-map code
   * only; the Gaussian presets belong to `VAE`). Absent: dense networks.
   */
  preset?: AutoencoderPresetName;
  /** Reconstruction likelihood. Default `'bernoulli'`. */
  likelihood: AutoencoderLikelihood;
  /**
   * Reduction of the reconstruction term over an example's features. Absent: `'sum'`.
   * `'mean'` divides the `reconstruction` loss term (and its weight against `sparsity`)
   * by the number of features.
   */
  reduction?: ReconstructionReduction;
  /**
   * Activation of the dense code layer, e.g. `'sigmoid'` for the KL sparsity penalty.
   * Absent: linear. Presets fix their own code activation, so it cannot be combined with
   * one. With networks passed to the constructor it only records what they do.
   */
  codeActivation?: Activation;
  /** Activity penalty on the code (a sparse autoencoder). Absent: none. */
  sparsity?: SparsityConfig;
  /** How the training inputs were corrupted (a denoising autoencoder). Absent: not denoising. */
  denoising?: DenoisingConfig;
  /** Seed of the initial weights (the decoder uses `seed + 1000`). Default 0. */
  seed: number;
}

/**
 * {@link AutoencoderConfig} with every defaulted or derived field optional (and read-only
 * arrays accepted).
 */
export type AutoencoderOptions = Omit<Partial<AutoencoderConfig>, 'inputShape' | 'hidden'> & {
  /** See {@link AutoencoderConfig.inputShape}. */
  inputShape: readonly number[];
  /** See {@link AutoencoderConfig.hidden}. */
  hidden?: readonly number[];
};

const DEFAULTS = { hidden: [256], activation: 'relu', likelihood: 'bernoulli', seed: 0 } as const;

function bad(field: string, value: unknown, expected: string): never {
  return badConfig('Autoencoder', field, value, expected);
}

/** The flattened code size of a preset for `inputShape`; sizes are checked, no layer is built. */
function presetLatentDim(preset: AutoencoderPresetName, inputShape: number[]): number {
  try {
    const spec = presetSpec(preset, { inputShape });
    if (spec.encoder.type === 'dense') return spec.encoder.args.latentDim;
    return convEncoderShapes(spec.encoder.args).code.reduce((a, b) => a * b, 1);
  } catch (error) {
    throw new ModelError(
      'MODEL_BAD_CONFIG',
      `Autoencoder config: preset "${preset}" does not fit inputShape [${inputShape.join(', ')}]: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

function checkSparsity(s: unknown, codeActivation: Activation | undefined): SparsityConfig {
  const v = s as Record<string, unknown>;
  if (typeof s !== 'object' || s === null || (v.kind !== 'l1' && v.kind !== 'kl')) {
    bad('sparsity', s, "{ kind: 'l1', weight } or { kind: 'kl', target, weight }");
  }
  if (!isWeight(v.weight)) bad('sparsity.weight', v.weight, 'a finite number ≥ 0 such as 1e-3');
  if (v.kind === 'l1') return { kind: 'l1', weight: v.weight };
  const target = v.target;
  if (typeof target !== 'number' || !(target > 0 && target < 1)) {
    bad('sparsity.target', target, 'a mean activation ρ strictly between 0 and 1, such as 0.05');
  }
  if (codeActivation !== 'sigmoid') {
    bad(
      'codeActivation',
      codeActivation ?? 'linear',
      "'sigmoid' with sparsity kind 'kl' (the KL penalty needs codes in (0, 1)); set codeActivation: 'sigmoid' or use kind 'l1'",
    );
  }
  return { kind: 'kl', target, weight: v.weight };
}

/**
 * Fills defaults, derives `latentDim` for presets and checks every field; errors
 * (`ModelError` `MODEL_BAD_CONFIG`) name the field, the value and what is accepted.
 */
export function resolveAutoencoderConfig(options: AutoencoderOptions): AutoencoderConfig {
  const c = { ...DEFAULTS, ...options } as Partial<AutoencoderConfig>;
  const inputShape = c.inputShape;
  if (!Array.isArray(inputShape) || inputShape.length === 0 || !inputShape.every(isPositiveInt)) {
    bad('inputShape', inputShape, 'a list of positive integers such as [28, 28, 1]');
  }
  const preset = c.preset as string | undefined;
  if (preset !== undefined && GAUSSIAN_PRESETS.includes(preset)) {
    bad(
      'preset',
      preset,
      `one of ${AUTOENCODER_PRESETS.join(', ')} ("${preset}" has a Gaussian code, which makes a variational autoencoder: use the VAE class for it)`,
    );
  }
  if (preset !== undefined && !AUTOENCODER_PRESETS.includes(preset as AutoencoderPresetName)) {
    bad('preset', preset, `one of ${AUTOENCODER_PRESETS.join(', ')}`);
  }
  let latentDim = c.latentDim;
  if (preset === undefined) {
    if (!isPositiveInt(latentDim)) bad('latentDim', latentDim, 'a positive integer');
  } else {
    const derived = presetLatentDim(preset as AutoencoderPresetName, inputShape);
    if (latentDim !== undefined && latentDim !== derived) {
      bad(
        'latentDim',
        latentDim,
        `${derived} (the code size of preset "${preset}" for inputShape [${inputShape.join(', ')}]) or left out`,
      );
    }
    latentDim = derived;
  }
  if (!Array.isArray(c.hidden) || !c.hidden.every(isPositiveInt)) {
    bad('hidden', c.hidden, 'a list of positive layer widths such as [256]');
  }
  if (!ACTIVATIONS.includes(c.activation as Activation)) {
    bad('activation', c.activation, `one of ${ACTIVATIONS.join(', ')}`);
  }
  if (!AUTOENCODER_LIKELIHOODS.includes(c.likelihood as AutoencoderLikelihood)) {
    bad('likelihood', c.likelihood, `one of ${AUTOENCODER_LIKELIHOODS.join(', ')}`);
  }
  if (c.reduction !== undefined && !RECONSTRUCTION_REDUCTIONS.includes(c.reduction)) {
    bad('reduction', c.reduction, `one of ${RECONSTRUCTION_REDUCTIONS.join(', ')}`);
  }
  const codeActivation = c.codeActivation;
  if (codeActivation !== undefined) {
    if (!ACTIVATIONS.includes(codeActivation)) {
      bad('codeActivation', codeActivation, `one of ${ACTIVATIONS.join(', ')}`);
    }
    if (preset !== undefined) {
      bad(
        'codeActivation',
        codeActivation,
        `left out with preset "${preset}" (the preset fixes its code activation)`,
      );
    }
  }
  const sparsity = c.sparsity === undefined ? undefined : checkSparsity(c.sparsity, codeActivation);
  const d = c.denoising as Partial<DenoisingConfig> | undefined;
  if (d !== undefined) {
    if (
      typeof d !== 'object' ||
      d === null ||
      typeof d.corruption !== 'string' ||
      d.corruption === ''
    ) {
      bad('denoising', d, "{ corruption, amount } with a corruption name such as 'gaussian'");
    }
    if (!isWeight(d.amount)) bad('denoising.amount', d.amount, 'a finite number ≥ 0 such as 0.3');
  }
  if (!Number.isInteger(c.seed)) bad('seed', c.seed, 'an integer');
  return {
    inputShape: [...inputShape],
    latentDim,
    hidden: [...(c.hidden as number[])],
    activation: c.activation as Activation,
    ...(preset === undefined ? {} : { preset: preset as AutoencoderPresetName }),
    likelihood: c.likelihood as AutoencoderLikelihood,
    ...(c.reduction === undefined ? {} : { reduction: c.reduction }),
    ...(codeActivation === undefined ? {} : { codeActivation }),
    ...(sparsity === undefined ? {} : { sparsity }),
    ...(d === undefined
      ? {}
      : { denoising: { corruption: d.corruption as string, amount: d.amount as number } }),
    seed: c.seed as number,
  };
}
