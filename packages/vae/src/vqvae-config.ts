import { isNonNegative, isPositiveInt } from '@ae/core';
import { convEncoderShapes } from '@ae/encoders';
import { ACTIVATIONS, type Activation } from '@ae/layers';
import { badConfig } from './config-checks.js';
import { ModelError } from './model-error.js';
import { presetSpec } from './presets.js';

/** The presets with a deterministic or feature-map code, usable by a {@link VQVAE}. */
export type VQVAEPresetName =
  | 'dense-ae-32'
  | 'keras-conv-ae'
  | 'torch-conv-ae'
  | 'bottleneck-conv-ae';

/** Every {@link VQVAEPresetName}, for validation and help texts. */
export const VQVAE_PRESETS: readonly VQVAEPresetName[] = [
  'dense-ae-32',
  'keras-conv-ae',
  'torch-conv-ae',
  'bottleneck-conv-ae',
];

/**
 * The built-in networks of a {@link VQVAE}:
 * - `'conv'`: stride-2 3×3 convolutions (`filters`), then a linear 1×1 convolution to
 *   `codeDim`: a feature map of code vectors `[h / 2^L, w / 2^L, codeDim]` (7×7×16 for
 *   28×28 images and two convolutions); the decoder mirrors it with stride-2 transposed
 *   convolutions and a final 3×3 convolution to the image channels.
 * - `'dense'`: dense layers (`hidden`) to one code vector `[codeDim]` per example; the
 *   decoder mirrors them. With a single vector the model can only produce `numCodes`
 *   different reconstructions.
 */
export type VQVAEArchitecture = 'conv' | 'dense';

/** Every {@link VQVAEArchitecture}. */
export const VQVAE_ARCHITECTURES: readonly VQVAEArchitecture[] = ['conv', 'dense'];

/**
 * The reconstruction likelihood p(x | quantized code):
 * - `'bernoulli'`: binary cross-entropy of the decoder's logits, for data in [0, 1];
 *   `decode` applies the sigmoid.
 * - `'gaussian'`: a unit-variance Gaussian without its constant, i.e. `½‖x − x̂‖²` per
 *   example; `decode` returns the decoder output (the mean) as it is, not clipped.
 */
export type VQVAELikelihood = 'bernoulli' | 'gaussian';

/** Every {@link VQVAELikelihood}. */
export const VQVAE_LIKELIHOODS: readonly VQVAELikelihood[] = ['bernoulli', 'gaussian'];

/** How the codebook starts (see `@ae/quantizer`). */
export type VQVAEInit = 'uniform' | 'kmeans';

/** Hyper-parameters of a {@link VQVAE}; everything `ae.json` needs to rebuild it. */
export interface VQVAEConfig {
  /** Shape of one example, e.g. `[28, 28, 1]` (images) or `[12]` (table rows). */
  inputShape: number[];
  /** Number of codes `K` in the codebook. Default 64. */
  numCodes: number;
  /**
   * Dimension `D` of each code vector. Default 16; with a preset, the channels of its code
   * (16 for `keras-conv-ae`, 64 for `torch-conv-ae` and `bottleneck-conv-ae`, 32 for `dense-ae-32`), where a given
   * value that differs is an error.
   */
  codeDim: number;
  /**
   * Built-in networks; default `'conv'` for `[h, w, c]` inputs, `'dense'` otherwise. Not
   * used with a preset or with networks passed to the constructor.
   */
  architecture: VQVAEArchitecture;
  /**
   * Channels of the stride-2 convolutions of the `'conv'` encoder, input side first; the
   * decoder mirrors them. Default `[32, 64]` (28×28 → 14×14 → 7×7). Height and width must be
   * divisible by 2^`filters.length`.
   */
  filters: number[];
  /** Hidden widths of the `'dense'` encoder, input side first; the decoder mirrors them. Default `[256]`. */
  hidden: number[];
  /** Activation of the hidden layers (not of the code, which is linear). Default `'relu'`. */
  activation: Activation;
  /** Ready-made encoder/decoder pair (see `PRESETS`) instead of `architecture`. Absent: none. */
  preset?: VQVAEPresetName;
  /** Weight β ≥ 0 of the commitment loss. Default 0.25 (van den Oord et al. 2017). */
  commitmentWeight: number;
  /**
   * Learn the codebook by exponential moving averages (`{ decay ∈ (0, 1), epsilon > 0 }`,
   * `true` for `{ decay: 0.99, epsilon: 1e-5 }`) instead of by the codebook loss, or `false`
   * (default). Resolved to the object or `false`.
   */
  ema: { decay: number; epsilon: number } | false;
  /**
   * Restart a code whose moving-average count of assignments per batch falls below this,
   * with a random encoder output of the batch (training steps only). 0 (default): off.
   */
  deadCodeThreshold: number;
  /** `'uniform'` (default) or `'kmeans'` on the first training batch (≥ `numCodes` vectors). */
  init: VQVAEInit;
  /** Reconstruction likelihood. Default `'bernoulli'`. */
  likelihood: VQVAELikelihood;
  /**
   * Seed of the initial weights (decoder `seed + 1000`, codebook `seed + 2000`), of the
   * quantizer's restarts and of `sample` draws without their own seed. Default 0.
   */
  seed: number;
}

/** {@link VQVAEConfig} with every defaulted or derived field optional; `ema` may be `true`. */
export type VQVAEOptions = Pick<VQVAEConfig, 'inputShape'> &
  Partial<Omit<VQVAEConfig, 'ema'>> & { ema?: boolean | { decay?: number; epsilon?: number } };

const DEFAULTS = {
  numCodes: 64,
  filters: [32, 64],
  hidden: [256],
  activation: 'relu',
  commitmentWeight: 0.25,
  ema: false,
  deadCodeThreshold: 0,
  init: 'uniform',
  likelihood: 'bernoulli',
  seed: 0,
} as const;

function bad(field: string, value: unknown, expected: string): never {
  return badConfig('VQVAE', field, value, expected);
}

/** The code-vector dimension of a preset for `inputShape`; sizes are checked, no layer is built. */
function presetCodeDim(preset: VQVAEPresetName, inputShape: number[]): number {
  try {
    const spec = presetSpec(preset, { inputShape });
    if (spec.encoder.type === 'dense') return spec.encoder.args.latentDim;
    return convEncoderShapes(spec.encoder.args).code.at(-1) as number;
  } catch (error) {
    throw new ModelError(
      'MODEL_BAD_CONFIG',
      `VQVAE config: preset "${preset}" does not fit inputShape [${inputShape.join(', ')}]: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

function resolveEma(ema: unknown): VQVAEConfig['ema'] {
  if (ema === false) return false;
  if (ema === true) return { decay: 0.99, epsilon: 1e-5 };
  if (typeof ema !== 'object' || ema === null) bad('ema', ema, 'true, false or { decay, epsilon }');
  const { decay = 0.99, epsilon = 1e-5 } = ema as { decay?: unknown; epsilon?: unknown };
  if (typeof decay !== 'number' || !(decay > 0 && decay < 1)) {
    bad('ema.decay', decay, 'a number strictly between 0 and 1 such as 0.99');
  }
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || !(epsilon > 0)) {
    bad('ema.epsilon', epsilon, 'a finite number > 0 such as 1e-5');
  }
  return { decay, epsilon };
}

function checkConvFits(inputShape: number[], filters: number[]): void {
  if (inputShape.length !== 3) {
    bad(
      'inputShape',
      inputShape,
      "[height, width, channels] with architecture 'conv' (use architecture 'dense' for vectors)",
    );
  }
  const factor = 2 ** filters.length;
  const [h, w] = inputShape as [number, number, number];
  if (h % factor !== 0 || w % factor !== 0) {
    bad(
      'filters',
      filters,
      `at most as many stride-2 convolutions as halve ${h}×${w} exactly (height and width must be divisible by 2^${filters.length} = ${factor}); use fewer filters or architecture 'dense'`,
    );
  }
}

/**
 * Fills defaults, derives `codeDim` for presets and checks every field; errors
 * (`ModelError` `MODEL_BAD_CONFIG`) name the field, the value and what is accepted.
 */
export function resolveVQVAEConfig(options: VQVAEOptions): VQVAEConfig {
  if (typeof options !== 'object' || options === null) {
    bad('options', options, 'an object such as { inputShape: [28, 28, 1] }');
  }
  const c = { ...DEFAULTS, ...options } as Record<string, unknown>;
  const inputShape = c.inputShape as number[];
  if (!Array.isArray(inputShape) || inputShape.length === 0 || !inputShape.every(isPositiveInt)) {
    bad('inputShape', inputShape, 'a list of positive integers such as [28, 28, 1]');
  }
  if (!isPositiveInt(c.numCodes)) bad('numCodes', c.numCodes, 'a positive integer such as 64');
  const preset = c.preset as VQVAEPresetName | undefined;
  if (preset !== undefined && !VQVAE_PRESETS.includes(preset)) {
    bad(
      'preset',
      preset,
      `one of ${VQVAE_PRESETS.join(', ')} (a preset with a deterministic or feature-map code)`,
    );
  }
  let codeDim = c.codeDim;
  if (preset === undefined) {
    codeDim ??= 16;
    if (!isPositiveInt(codeDim)) bad('codeDim', codeDim, 'a positive integer such as 16');
  } else {
    const derived = presetCodeDim(preset, inputShape);
    if (codeDim !== undefined && codeDim !== derived) {
      bad('codeDim', codeDim, `${derived} (the code channels of preset "${preset}") or left out`);
    }
    codeDim = derived;
  }
  const architecture = (c.architecture ??
    (inputShape.length === 3 ? 'conv' : 'dense')) as VQVAEArchitecture;
  if (!VQVAE_ARCHITECTURES.includes(architecture)) {
    bad('architecture', architecture, `one of ${VQVAE_ARCHITECTURES.join(', ')}`);
  }
  const filters = c.filters as number[];
  if (!Array.isArray(filters) || filters.length === 0 || !filters.every(isPositiveInt)) {
    bad('filters', filters, 'a non-empty list of positive channel counts such as [32, 64]');
  }
  if (architecture === 'conv' && preset === undefined) checkConvFits(inputShape, filters);
  const hidden = c.hidden as number[];
  if (!Array.isArray(hidden) || !hidden.every(isPositiveInt)) {
    bad('hidden', hidden, 'a list of positive layer widths such as [256]');
  }
  if (!ACTIVATIONS.includes(c.activation as Activation)) {
    bad('activation', c.activation, `one of ${ACTIVATIONS.join(', ')}`);
  }
  if (!isNonNegative(c.commitmentWeight)) {
    bad('commitmentWeight', c.commitmentWeight, 'a finite number ≥ 0 such as 0.25');
  }
  const ema = resolveEma(c.ema);
  if (!isNonNegative(c.deadCodeThreshold)) {
    bad('deadCodeThreshold', c.deadCodeThreshold, 'a finite number ≥ 0 (0 turns restarts off)');
  }
  if (c.init !== 'uniform' && c.init !== 'kmeans') bad('init', c.init, "'uniform' or 'kmeans'");
  if (!VQVAE_LIKELIHOODS.includes(c.likelihood as VQVAELikelihood)) {
    bad('likelihood', c.likelihood, `one of ${VQVAE_LIKELIHOODS.join(', ')}`);
  }
  if (!Number.isInteger(c.seed)) bad('seed', c.seed, 'an integer');
  return {
    inputShape: [...inputShape],
    numCodes: c.numCodes as number,
    codeDim: codeDim as number,
    architecture,
    filters: [...filters],
    hidden: [...hidden],
    activation: c.activation as Activation,
    ...(preset === undefined ? {} : { preset }),
    commitmentWeight: c.commitmentWeight as number,
    ema,
    deadCodeThreshold: c.deadCodeThreshold as number,
    init: c.init as VQVAEInit,
    likelihood: c.likelihood as VQVAELikelihood,
    seed: c.seed as number,
  };
}
