/**
 * `torch-conv-ae` and `torch-conv-vae` against the PyTorch tutorial networks they follow:
 * parameter counts and every layer's output shape, first against counts written out by
 * hand (always), then against PyTorch itself (apps/bench/peers/torch_tutorial_nets.py),
 * when a python3 with torch is installed.
 */
import '@tensorflow/tfjs-backend-cpu';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPreset } from './build-preset.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface NetFacts {
  encoderParams: number;
  decoderParams: number;
  /** Output shape of every layer with parameters, input side first, `[h, w, c]` or `[n]`. */
  encoderShapes: number[][];
  decoderShapes: number[][];
}

/**
 * By hand: Conv2d and ConvTranspose2d(cin → cout, 3×3) both hold 9·cin·cout weights and
 * cout biases; Linear(n → m) n·m + m.
 * - encoder: 9·1·16 + 16 = 160, 9·16·32 + 32 = 4,640, 9·32·64 + 64 = 18,496 → 23,296
 * - decoder: 9·64·32 + 32 = 18,464, 9·32·16 + 16 = 4,624, 9·16·1 + 1 = 145 → 23,233
 * - VAE heads: 2 · (3136·128 + 128) = 803,072; projection 128·3136 + 3136 = 404,544
 * Sizes: 28 → ⌊(28 + 2 − 3) / 2⌋ + 1 = 14 → 7 → 7 (stride 1, padding 1); back:
 * (7 − 1)·1 − 2 + 3 = 7, (7 − 1)·2 − 2 + 3 + 1 = 14, (14 − 1)·2 − 2 + 3 + 1 = 28.
 */
const BY_HAND: Record<'torch-conv-ae' | 'torch-conv-vae', NetFacts> = {
  'torch-conv-ae': {
    encoderParams: 23_296,
    decoderParams: 23_233,
    encoderShapes: [
      [14, 14, 16],
      [7, 7, 32],
      [7, 7, 64],
    ],
    decoderShapes: [
      [7, 7, 32],
      [14, 14, 16],
      [28, 28, 1],
    ],
  },
  'torch-conv-vae': {
    encoderParams: 23_296 + 803_072,
    decoderParams: 404_544 + 23_233,
    encoderShapes: [[14, 14, 16], [7, 7, 32], [7, 7, 64], [3136], [128], [128]],
    decoderShapes: [[3136], [7, 7, 64], [7, 7, 32], [14, 14, 16], [28, 28, 1]],
  },
};

/** Output shapes (without batch) of the named layers of a model, in order. */
function layerShapes(model: tfl.LayersModel, names: string[]): number[][] {
  return names.map((n) => (model.getLayer(n).outputShape as number[]).slice(1));
}

/** The same facts of the built preset. */
function ours(name: 'torch-conv-ae' | 'torch-conv-vae'): NetFacts {
  const net = buildPreset(name, { seed: 1 });
  const convs = ['conv_0', 'conv_1', 'conv_2'];
  const deconvs = ['deconv_0', 'deconv_1', 'deconv_2'];
  const vae = name === 'torch-conv-vae';
  const facts = {
    encoderParams: net.encoder.countParams(),
    decoderParams: net.decoder.countParams(),
    encoderShapes: layerShapes(
      net.encoder,
      vae ? [...convs, 'flatten', 'z_mean', 'z_log_var'] : convs,
    ),
    decoderShapes: layerShapes(net.decoder, vae ? ['project_0', 'reshape', ...deconvs] : deconvs),
  };
  net.encoder.dispose();
  net.decoder.dispose();
  return facts;
}

const peer = fileURLToPath(
  new URL('../../../apps/bench/peers/torch_tutorial_nets.py', import.meta.url),
);
const python = process.env.AE_TORCH_PYTHON ?? '/usr/bin/python3';

/** PyTorch's facts, or why they are not available. */
function torchFacts(): { facts?: Record<string, NetFacts>; why?: string } {
  if (!existsSync(peer)) return { why: `${peer} is missing` };
  if (!existsSync(python)) return { why: `${python} is missing (set AE_TORCH_PYTHON)` };
  const r = spawnSync(python, [peer], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) return { why: `torch is not usable: ${r.stderr.trim() || r.error?.message}` };
  return { facts: JSON.parse(r.stdout.trim().split('\n').at(-1) as string) };
}

describe('PyTorch tutorial presets', () => {
  it.each(['torch-conv-ae', 'torch-conv-vae'] as const)(
    '%s has the hand-counted parameters and shapes',
    (name) => {
      expect(ours(name)).toEqual(BY_HAND[name]);
    },
  );

  const torch = torchFacts();
  if (torch.why !== undefined) {
    it.skip(`matches PyTorch's own counts and shapes (skipped: ${torch.why})`, () => {});
  } else {
    it.each(['torch-conv-ae', 'torch-conv-vae'] as const)(
      "%s has PyTorch's parameter counts and layer shapes",
      (name) => {
        expect(ours(name)).toEqual(torch.facts?.[name]);
      },
    );
  }
});
