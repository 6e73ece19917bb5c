import { isNonNegative, isPositiveInt, describeValue as show } from '@ae/core';
import { ACTIVATIONS, type Activation } from '@ae/layers';
import { badConfig } from './config-checks.js';
import { ModelError } from './model-error.js';
import { isPresetName, PRESETS, type PresetName, presetSpec } from './presets.js';

/** The likelihoods p(x | z) a {@link VAEConfig} can use. */
export const VAE_LIKELIHOODS = ['bernoulli', 'gaussian'] as const;

/** Name of a likelihood p(x | z): see {@link VAEConfig.likelihood}. */
export type VAELikelihood = (typeof VAE_LIKELIHOODS)[number];

/**
 * Capacity-controlled KL (Burgess et al. 2018): the loss becomes
 * `reconstruction + gamma · |KL − C(step)|`, with C rising linearly from 0 to `max`
 * nats over `steps` training steps and staying at `max` afterwards.
 */
export interface CapacityConfig {
  /** Weight γ of the `|KL − C|` penalty, ≥ 0; Burgess et al. use 1000. */
  gamma: number;
  /** Capacity C reached at the end of the ramp, in nats per example, ≥ 0 (e.g. 25). */
  max: number;
  /** Number of training steps of the ramp from 0 to `max`, a positive integer. */
  steps: number;
}

/** Hyper-parameters of a {@link VAE}; everything `ae.json` needs to rebuild it. */
export interface VAEConfig {
  /** Shape of one example, e.g. `[28, 28, 1]` (or `[n]` for vectors with dense networks). */
  inputShape: number[];
  /**
   * Dimension of the latent code. Required for dense networks; with a `preset` it is the
   * preset's (2 for keras-conv-vae, 128 for torch-conv-vae and bottleneck-conv-vae) and may be left out.
   */
  latentDim: number;
  /**
   * Hidden widths of the dense encoder; the decoder mirrors them. Default `[512]`. Not
   * used with a `preset` or user networks.
   */
  hidden: number[];
  /** Activation of the dense hidden layers. Default `'relu'`. */
  activation: Activation;
  /**
   * Encoder and decoder from `buildPreset` instead of dense networks:
   * one of the Gaussian presets, `'torch-conv-vae'`, `'keras-conv-vae'` or
   * `'bottleneck-conv-vae'`. Absent: dense.
   */
  preset?: PresetName;
  /**
   * p(x | z). `'bernoulli'` (default): the decoder outputs logits, the reconstruction
   * term is the binary cross-entropy, `decode` returns probabilities in [0, 1].
   * `'gaussian'`: the decoder outputs the mean of N(mean, outputVariance · I), the
   * reconstruction term is the full Gaussian negative log-density (with its ½ log 2πσ²
   * constant), `decode` returns that mean unclipped.
   */
  likelihood: VAELikelihood;
  /**
   * Fixed variance σ² of the Gaussian likelihood, > 0. Default 1, the natural choice for
   * standardized data (unit variance per feature). For pixels in [0, 1] a smaller value
   * (e.g. 0.01–0.1) weights reconstruction more against the KL term. Ignored (but kept)
   * for the Bernoulli likelihood.
   */
  outputVariance: number;
  /**
   * Weight of the KL term: 1 is the VAE's evidence lower bound; β > 1 is the β-VAE
   * of Higgins et al. (2017). Default 1. Must stay 1 when `capacity` is set.
   */
  beta: number;
  /** Capacity-controlled KL instead of `beta · KL`; absent: the β-weighted KL. */
  capacity?: CapacityConfig;
  /** Seed of the initial weights and of the sampling noise. Default 0. */
  seed: number;
}

/**
 * {@link VAEConfig} with every defaulted field optional; `latentDim` may be left out
 * with a `preset`.
 */
export type VAEOptions = Pick<VAEConfig, 'inputShape'> & Partial<VAEConfig>;

/** Hyper-parameters of a `ConditionalVAE`: a {@link VAEConfig} plus the class count. */
export interface ConditionalVAEConfig extends VAEConfig {
  /** Number of classes; labels are integers in [0, numClasses). Required. */
  numClasses: number;
}

/** {@link ConditionalVAEConfig} with every defaulted field optional. */
export type ConditionalVAEOptions = VAEOptions & Pick<ConditionalVAEConfig, 'numClasses'>;

const DEFAULTS = {
  hidden: [512],
  activation: 'relu',
  likelihood: 'bernoulli',
  outputVariance: 1,
  beta: 1,
  seed: 0,
} as const;

const GAUSSIAN_PRESETS = PRESETS.filter((p) => p.head === 'gaussian').map((p) => p.name);

/** The latent dimension of a Gaussian preset, after checking that it fits `inputShape`. */
function presetLatentDim(
  bad: (field: string, value: unknown, expected: string) => never,
  context: string,
  preset: unknown,
  inputShape: number[],
  numClasses: number | undefined,
): number {
  const accepted = GAUSSIAN_PRESETS.join(', ');
  if (!isPresetName(preset)) bad('preset', preset, `one of ${accepted}`);
  if (!GAUSSIAN_PRESETS.includes(preset)) {
    bad('preset', preset, `a preset with a Gaussian latent (${accepted}); '${preset}' is not one`);
  }
  try {
    const spec = presetSpec(preset, {
      inputShape,
      ...(numClasses === undefined ? {} : { numClasses }),
    });
    return (spec.encoder.args as { latentDim: number }).latentDim;
  } catch (error) {
    throw new ModelError(
      'MODEL_BAD_CONFIG',
      `${context} config: preset '${preset}' does not fit inputShape [${inputShape.join(', ')}]: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * Fills defaults and checks every field; errors name the field, the value and what is
 * accepted. `context` starts the messages (`'VAE'`, `'ConditionalVAE'`); `numClasses` is
 * the class count of a conditional model (for the preset check).
 *
 * @throws ModelError `MODEL_BAD_CONFIG`.
 */
export function resolveVAEConfig(
  options: VAEOptions,
  context = 'VAE',
  numClasses?: number,
): VAEConfig {
  const bad = (field: string, value: unknown, expected: string): never =>
    badConfig(context, field, value, expected);
  const c = { ...DEFAULTS, ...options } as VAEConfig;
  if (
    !Array.isArray(c.inputShape) ||
    c.inputShape.length === 0 ||
    !c.inputShape.every(isPositiveInt)
  ) {
    bad('inputShape', c.inputShape, 'a list of positive integers such as [28, 28, 1]');
  }
  let latentDim = c.latentDim;
  if (c.preset !== undefined) {
    const fromPreset = presetLatentDim(bad, context, c.preset, c.inputShape, numClasses);
    if (latentDim !== undefined && latentDim !== fromPreset) {
      bad(
        'latentDim',
        latentDim,
        `${fromPreset} (the latent size of preset '${c.preset}') or absent`,
      );
    }
    latentDim = fromPreset;
  }
  if (!isPositiveInt(latentDim)) bad('latentDim', latentDim, 'a positive integer');
  if (!Array.isArray(c.hidden) || !c.hidden.every(isPositiveInt)) {
    bad('hidden', c.hidden, 'a list of positive layer widths such as [512]');
  }
  if (!ACTIVATIONS.includes(c.activation))
    bad('activation', c.activation, `one of ${ACTIVATIONS.join(', ')}`);
  if (!VAE_LIKELIHOODS.includes(c.likelihood)) {
    bad('likelihood', c.likelihood, `one of ${VAE_LIKELIHOODS.join(', ')}`);
  }
  if (!isNonNegative(c.outputVariance) || c.outputVariance === 0) {
    bad('outputVariance', c.outputVariance, 'a finite number > 0 (the fixed σ², e.g. 1)');
  }
  if (!isNonNegative(c.beta)) bad('beta', c.beta, 'a finite number ≥ 0');
  const cap = c.capacity;
  if (cap !== undefined) {
    if (typeof cap !== 'object' || cap === null) {
      bad(
        'capacity',
        cap,
        'an object { gamma, max, steps } such as { gamma: 1000, max: 25, steps: 10000 }',
      );
    }
    if (!isNonNegative(cap.gamma))
      bad('capacity.gamma', cap.gamma, 'a finite number ≥ 0 such as 1000');
    if (!isNonNegative(cap.max))
      bad('capacity.max', cap.max, 'a finite number of nats ≥ 0 such as 25');
    if (!isPositiveInt(cap.steps))
      bad('capacity.steps', cap.steps, 'a positive integer number of steps');
    if (c.beta !== 1) {
      bad(
        'beta',
        c.beta,
        '1 (or absent) when capacity is set: γ·|KL − C| replaces β·KL; remove one of them',
      );
    }
  }
  if (!Number.isInteger(c.seed)) bad('seed', c.seed, 'an integer');
  return {
    inputShape: [...c.inputShape],
    latentDim,
    hidden: [...c.hidden],
    activation: c.activation,
    ...(c.preset === undefined ? {} : { preset: c.preset }),
    likelihood: c.likelihood,
    outputVariance: c.outputVariance,
    beta: c.beta,
    ...(cap === undefined
      ? {}
      : { capacity: { gamma: cap.gamma, max: cap.max, steps: cap.steps } }),
    seed: c.seed,
  };
}

/**
 * {@link resolveVAEConfig} for a `ConditionalVAE`, plus `numClasses` (required, an
 * integer ≥ 1).
 *
 * @throws ModelError `MODEL_BAD_CONFIG`.
 */
export function resolveConditionalVAEConfig(options: ConditionalVAEOptions): ConditionalVAEConfig {
  const numClasses = options.numClasses;
  if (!isPositiveInt(numClasses)) {
    throw new ModelError(
      'MODEL_BAD_CONFIG',
      `ConditionalVAE config: numClasses must be a positive integer (the number of label values, e.g. 10), got ${show(numClasses)}.`,
    );
  }
  return { ...resolveVAEConfig(options, 'ConditionalVAE', numClasses), numClasses };
}
