import type { Activation } from '@ae/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { gaussianHead } from './gaussian-head.js';

/** What a vector encoder outputs. */
export type EncoderHead = 'gaussian' | 'deterministic';

/** Every accepted {@link EncoderHead}. */
export const ENCODER_HEADS: readonly EncoderHead[] = ['gaussian', 'deterministic'];

/** Options of {@link encoderHead}. */
export interface EncoderHeadOptions {
  /** `'gaussian'`: `[mean, logVar]` (layers `z_mean`, `z_log_var`); `'deterministic'`: `[code]`. */
  head: EncoderHead;
  /** Dimension of the latent code. */
  latentDim: number;
  /** Activation of the deterministic code layer (`code`); default `'linear'`. */
  codeActivation?: Activation;
  /** Seed of the head's initializers. */
  seed: number;
}

/**
 * The last layers of a vector encoder on flat features `[batch, n]`: the Gaussian
 * head (see `gaussianHead`) or one dense code layer. Returns the model outputs.
 */
export function encoderHead(
  features: tfl.SymbolicTensor,
  options: EncoderHeadOptions,
): tfl.SymbolicTensor[] {
  if (options.head === 'gaussian') {
    return gaussianHead(features, { latentDim: options.latentDim, seed: options.seed });
  }
  const code = tfl.layers.dense({
    units: options.latentDim,
    activation: options.codeActivation ?? 'linear',
    name: 'code',
    kernelInitializer: tfl.initializers.glorotUniform({ seed: options.seed }),
  });
  return [code.apply(features) as tfl.SymbolicTensor];
}
