/**
 * What each family writes into `ae.json`'s `io`: the words a reader using plain tfjs needs
 * to feed the saved networks and read their outputs.
 */
import type { AeJsonPrior } from '@ae/core';
import type { IoDescription, TensorMeaning } from './model-io.js';

type Likelihood = 'bernoulli' | 'gaussian';

const PIXELS = {
  range: [0, 1] as [number, number],
  scaling:
    'float32 values in [0, 1]: 8-bit pixels divided by 255, laid out [height, width, channels] (tabular rows as [features])',
};
const REAL = {
  range: null,
  scaling: 'float32 values as in the training data (e.g. standardized features); any finite number',
};

/** The input's scaling for a likelihood. */
const inputOf = (likelihood: Likelihood) => (likelihood === 'bernoulli' ? PIXELS : REAL);

/** The decoder's output for a likelihood. */
function decoderOutput(likelihood: Likelihood, variance: number): TensorMeaning {
  return likelihood === 'bernoulli'
    ? {
        name: 'logits',
        description:
          'logits of Bernoulli pixel probabilities, not probabilities: apply a sigmoid to get values in [0, 1]',
      }
    : {
        name: 'mean',
        description: `mean of a Gaussian p(x | z) with fixed variance ${variance} per value, not clipped`,
      };
}

const X: TensorMeaning = { name: 'x', description: 'the input examples, scaled as io.input says' };
const label = (classes: number): TensorMeaning => ({
  name: 'label',
  description: `the class as a one-hot row of ${classes} values (float32)`,
});

/** VAE and conditional VAE: a Gaussian posterior, a standard normal prior. */
export function gaussianIo(
  likelihood: Likelihood,
  variance: number,
  latentDim: number,
  classes: number | undefined,
): IoDescription {
  const cond = classes === undefined ? [] : [label(classes)];
  return {
    input: inputOf(likelihood),
    networks: {
      encoder: {
        inputs: [X, ...cond],
        outputs: [
          { name: 'mean', description: 'mean of the Gaussian posterior q(z | x)' },
          {
            name: 'logVariance',
            description:
              'natural log of the posterior variance σ² (per dimension): draw z = mean + exp(logVariance / 2) · ε, ε ~ N(0, I)',
          },
        ],
      },
      decoder: {
        inputs: [{ name: 'z', description: 'a latent code' }, ...cond],
        outputs: [decoderOutput(likelihood, variance)],
      },
    },
    prior: {
      kind: 'standard-normal',
      dim: latentDim,
      description: `z ~ N(0, I) in ${latentDim} dimensions; decode draws from it to sample`,
    },
  };
}

/** Deterministic autoencoders: a code, no prior. */
export function autoencoderIo(likelihood: Likelihood): IoDescription {
  return {
    input: inputOf(likelihood),
    networks: {
      encoder: {
        inputs: [X],
        outputs: [{ name: 'code', description: 'the code of x (a vector, or a feature map)' }],
      },
      decoder: {
        inputs: [{ name: 'code', description: 'a code shaped as the encoder outputs it' }],
        outputs: [decoderOutput(likelihood, 1)],
      },
    },
    prior: {
      kind: 'none',
      description: 'a deterministic autoencoder has no prior to sample from',
    },
  };
}

/** VQ-VAEs: a continuous code, its nearest codebook vectors, a fitted prior or none. */
export function vqvaeIo(likelihood: Likelihood, fitted: boolean): IoDescription {
  const prior: AeJsonPrior = fitted
    ? {
        kind: 'categorical',
        description:
          'code indices drawn per position from the fitted categorical distribution in config.prior, then looked up in the codebook',
      }
    : { kind: 'none', description: 'no prior has been fitted (VQVAE.fitPrior)' };
  return {
    input: inputOf(likelihood),
    networks: {
      encoder: {
        inputs: [X],
        outputs: [{ name: 'codeMap', description: 'the continuous code before quantization' }],
      },
      quantizer: {
        inputs: [{ name: 'codeMap', description: 'the encoder output' }],
        outputs: [
          {
            name: 'quantized',
            description:
              "each code vector replaced by its nearest codebook vector (the layer class 'AeVectorQuantizer' of @ae/quantizer must be registered to load this network; the codebook is its weight)",
          },
        ],
      },
      decoder: {
        inputs: [{ name: 'quantized', description: 'the quantizer output' }],
        outputs: [decoderOutput(likelihood, 1)],
      },
    },
    prior,
  };
}
