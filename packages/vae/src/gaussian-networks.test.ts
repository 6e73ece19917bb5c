import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelError } from './model-error.js';
import { VAE } from './vae.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const shape = [4, 4, 1];
const make = () => new VAE({ inputShape: shape, latentDim: 2, hidden: [8], seed: 3 });

describe('VAE networks', () => {
  it('takes the networks and latent size of a Gaussian preset', () => {
    const vae = new VAE({ preset: 'torch-conv-vae', inputShape: [28, 28, 1] });
    expect(vae.latentDim).toBe(128);
    expect(vae.config.preset).toBe('torch-conv-vae');
    expect(vae.encoder.outputs.map((o) => o.shape)).toEqual([
      [null, 128],
      [null, 128],
    ]);
    const z = vae.encode(tf.zeros([2, 28, 28, 1]));
    expect(vae.decode(z).shape).toEqual([2, 28, 28, 1]);
    vae.dispose();
  });

  it('accepts user networks that fit and names expected vs actual shapes otherwise', () => {
    const donor = make();
    const other = new VAE({ inputShape: [16], latentDim: 2, hidden: [8] });
    const vae = new VAE(
      { inputShape: shape, latentDim: 2 },
      { encoder: donor.encoder, decoder: donor.decoder },
    );
    expect(vae.encoder).toBe(donor.encoder);
    const mixed = () =>
      new VAE(
        { inputShape: shape, latentDim: 2 },
        { encoder: donor.encoder, decoder: other.decoder },
      );
    expect(mixed).toThrow(ModelError);
    expect(mixed).toThrow(
      /VAE: the decoder must output one tensor of shape \[\[null, 4, 4, 1\]\], got \[\[null, 16\]\]/,
    );
    const wide = () =>
      new VAE(
        { inputShape: shape, latentDim: 3 },
        { encoder: donor.encoder, decoder: donor.decoder },
      );
    expect(wide).toThrow(
      /VAE: the encoder must output two tensors \[mean, logVar\] of shape \[\[null, 3\], \[null, 3\]\], got \[\[null, 2\], \[null, 2\]\]/,
    );
    donor.dispose();
    other.dispose();
  });
});
