import { ACTIVATIONS, type Activation } from '@ae/encoders';
import { ModelError } from './model-error.js';

/** Hyper-parameters of a {@link VAE}; everything `ae.json` needs to rebuild it. */
export interface VAEConfig {
  /** Shape of one example, `[height, width, channels]`. */
  inputShape: number[];
  /** Dimension of the latent code. */
  latentDim: number;
  /** Hidden widths of the dense encoder; the decoder mirrors them. Default `[512]`. */
  hidden: number[];
  /** Activation of the hidden layers. Default `'relu'`. */
  activation: Activation;
  /**
   * Weight of the KL term: 1 is the VAE's evidence lower bound; β > 1 is the β-VAE
   * of Higgins et al. (2017). Default 1.
   */
  beta: number;
  /** Seed of the initial weights and of the sampling noise. Default 0. */
  seed: number;
}

/** {@link VAEConfig} with every defaulted field optional. */
export type VAEOptions = Pick<VAEConfig, 'inputShape' | 'latentDim'> & Partial<VAEConfig>;

const DEFAULTS = { hidden: [512], activation: 'relu', beta: 1, seed: 0 } as const;

function bad(field: string, value: unknown, expected: string): never {
  throw new ModelError(
    'MODEL_BAD_CONFIG',
    `VAE config: ${field} must be ${expected}, got ${typeof value === 'number' ? String(value) : JSON.stringify(value)}.`,
  );
}

const isPositiveInt = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v > 0;

/** Fills defaults and checks every field; errors name the field, the value and what is accepted. */
export function resolveVAEConfig(options: VAEOptions): VAEConfig {
  const c = { ...DEFAULTS, ...options } as VAEConfig;
  if (
    !Array.isArray(c.inputShape) ||
    c.inputShape.length === 0 ||
    !c.inputShape.every(isPositiveInt)
  ) {
    bad('inputShape', c.inputShape, 'a list of positive integers such as [28, 28, 1]');
  }
  if (!isPositiveInt(c.latentDim)) bad('latentDim', c.latentDim, 'a positive integer');
  if (!Array.isArray(c.hidden) || !c.hidden.every(isPositiveInt)) {
    bad('hidden', c.hidden, 'a list of positive layer widths such as [512]');
  }
  if (!ACTIVATIONS.includes(c.activation))
    bad('activation', c.activation, `one of ${ACTIVATIONS.join(', ')}`);
  if (typeof c.beta !== 'number' || !Number.isFinite(c.beta) || c.beta < 0) {
    bad('beta', c.beta, 'a finite number ≥ 0');
  }
  if (!Number.isInteger(c.seed)) bad('seed', c.seed, 'an integer');
  return {
    inputShape: [...c.inputShape],
    latentDim: c.latentDim,
    hidden: [...c.hidden],
    activation: c.activation,
    beta: c.beta,
    seed: c.seed,
  };
}
