import '@tensorflow/tfjs-backend-cpu';
import { NetworkError } from '@ae/layers';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPreset } from './build-preset.js';
import { buildRecipe } from './build-recipe.js';
import { isPresetName, PRESETS, type PresetName, presetSpec, tutorialText } from './presets.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Parameters of a (transposed) convolution or dense layer with bias. */
const conv = (k: number, cin: number, cout: number) => k * k * cin * cout + cout;
const dense = (nin: number, nout: number) => nin * nout + nout;

interface Expected {
  encoderParams: number;
  decoderParams: number;
  codeShape: number[];
  encoderLayers: Record<string, number[]>;
  decoderLayers: Record<string, number[]>;
}

const expected: Record<PresetName, Expected> = {
  'dense-ae-32': {
    encoderParams: dense(784, 32),
    decoderParams: dense(32, 784),
    codeShape: [32],
    encoderLayers: { flatten: [784], code: [32] },
    decoderLayers: { output: [784], reshape: [28, 28, 1] },
  },
  'keras-conv-ae': {
    encoderParams: conv(3, 1, 32) + conv(3, 32, 16),
    decoderParams: conv(3, 16, 16) + conv(3, 16, 32) + conv(3, 32, 1),
    codeShape: [7, 7, 16],
    encoderLayers: {
      conv_0: [28, 28, 32],
      pool_0: [14, 14, 32],
      conv_1: [14, 14, 16],
      pool_1: [7, 7, 16],
    },
    decoderLayers: {
      conv_0: [7, 7, 16],
      upsample_1: [14, 14, 16],
      conv_1: [14, 14, 32],
      upsample_2: [28, 28, 32],
      conv_2: [28, 28, 1],
    },
  },
  // The PyTorch tutorial networks, counted layer by layer (ConvTranspose2d has the same
  // k·k·cin·cout + cout parameters as Conv2d).
  'torch-conv-ae': {
    encoderParams: conv(3, 1, 16) + conv(3, 16, 32) + conv(3, 32, 64),
    decoderParams: conv(3, 64, 32) + conv(3, 32, 16) + conv(3, 16, 1),
    codeShape: [7, 7, 64],
    encoderLayers: { conv_0: [14, 14, 16], conv_1: [7, 7, 32], conv_2: [7, 7, 64] },
    decoderLayers: { deconv_0: [7, 7, 32], deconv_1: [14, 14, 16], deconv_2: [28, 28, 1] },
  },
  'torch-conv-vae': {
    encoderParams: conv(3, 1, 16) + conv(3, 16, 32) + conv(3, 32, 64) + 2 * dense(3136, 128),
    decoderParams: dense(128, 3136) + conv(3, 64, 32) + conv(3, 32, 16) + conv(3, 16, 1),
    codeShape: [128],
    encoderLayers: { conv_2: [7, 7, 64], flatten: [3136], z_mean: [128], z_log_var: [128] },
    decoderLayers: {
      project_0: [3136],
      reshape: [7, 7, 64],
      deconv_0: [7, 7, 32],
      deconv_1: [14, 14, 16],
      deconv_2: [28, 28, 1],
    },
  },
  'keras-conv-vae': {
    // The summary printed by the keras-io "Variational AutoEncoder" example.
    encoderParams: 69_076,
    decoderParams: 65_089,
    codeShape: [2],
    encoderLayers: {
      conv_0: [14, 14, 32],
      conv_1: [7, 7, 64],
      flatten: [3136],
      dense_0: [16],
      z_mean: [2],
    },
    decoderLayers: {
      project_0: [3136],
      reshape: [7, 7, 64],
      deconv_0: [14, 14, 64],
      deconv_1: [28, 28, 32],
      deconv_2: [28, 28, 1],
    },
  },
  'bottleneck-conv-ae': {
    encoderParams: conv(3, 1, 16) + conv(3, 16, 32) + conv(7, 32, 64),
    decoderParams: conv(7, 64, 32) + conv(3, 32, 16) + conv(3, 16, 1),
    codeShape: [1, 1, 64],
    encoderLayers: { conv_0: [14, 14, 16], conv_1: [7, 7, 32], conv_2: [1, 1, 64] },
    decoderLayers: { deconv_0: [7, 7, 32], deconv_1: [14, 14, 16], deconv_2: [28, 28, 1] },
  },
  'bottleneck-conv-vae': {
    encoderParams: conv(3, 1, 16) + conv(3, 16, 32) + conv(7, 32, 64) + 2 * dense(64, 128),
    decoderParams: dense(128, 64) + conv(7, 64, 32) + conv(3, 32, 16) + conv(3, 16, 1),
    codeShape: [128],
    encoderLayers: { conv_2: [1, 1, 64], flatten: [64], z_mean: [128], z_log_var: [128] },
    decoderLayers: {
      project_0: [64],
      reshape: [1, 1, 64],
      deconv_0: [7, 7, 32],
      deconv_2: [28, 28, 1],
    },
  },
};

const shapeOf = (m: tfl.LayersModel, name: string) =>
  (m.getLayer(name).outputShape as (number | null)[]).slice(1);

describe('presets', () => {
  it('lists every preset once, with a one-line description', () => {
    expect(PRESETS.map((p) => p.name).sort()).toEqual(Object.keys(expected).sort());
    for (const p of PRESETS) {
      expect(isPresetName(p.name)).toBe(true);
      expect(p.description).not.toMatch(/\n/);
      expect(p.description.length).toBeLessThan(120);
    }
    expect(isPresetName('vq-vae')).toBe(false);
  });

  it.each(PRESETS.map((p) => p.name))(
    '%s: parameter counts, layer shapes and a forward pass on 28×28 (batch 2)',
    (name) => {
      const want = expected[name];
      const net = buildPreset(name, { seed: 1 });
      expect(net.encoder.countParams()).toBe(want.encoderParams);
      expect(net.decoder.countParams()).toBe(want.decoderParams);
      expect(net.codeShape).toEqual(want.codeShape);
      expect(net.latentDim).toBe(net.head === 'feature-map' ? undefined : want.codeShape[0]);
      for (const [layer, shape] of Object.entries(want.encoderLayers)) {
        expect([layer, shapeOf(net.encoder, layer)]).toEqual([layer, shape]);
      }
      for (const [layer, shape] of Object.entries(want.decoderLayers)) {
        expect([layer, shapeOf(net.decoder, layer)]).toEqual([layer, shape]);
      }
      // Logits: the last layer of every decoder is linear.
      const last = net.decoder.layers.filter((l) => l.getWeights().length > 0).at(-1);
      expect(last?.getConfig().activation).toBe('linear');

      const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 3);
      const out = net.encoder.predict(x) as tf.Tensor | tf.Tensor[];
      const codes = Array.isArray(out) ? out : [out];
      expect(codes.map((c) => c.shape)).toEqual(
        (net.head === 'gaussian' ? [0, 1] : [0]).map(() => [2, ...want.codeShape]),
      );
      const logits = net.decoder.predict(codes[0] as tf.Tensor) as tf.Tensor;
      expect(logits.shape).toEqual([2, 28, 28, 1]);
      tf.dispose([x, ...codes, logits]);
      net.encoder.dispose();
      net.decoder.dispose();
    },
  );

  it('gives JSON-serializable specs, with the decoder seeded apart from the encoder', () => {
    const spec = presetSpec('keras-conv-vae', { seed: 5 });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect(spec.encoder.args.seed).toBe(5);
    expect(spec.decoder.args.seed).toBe(1005);
  });

  it('builds conditional pairs for vector-code presets, and refuses feature-map ones', () => {
    const net = buildPreset('keras-conv-vae', { numClasses: 10 });
    expect(net.encoder.inputs.map((i) => i.shape)).toEqual([
      [null, 28, 28, 1],
      [null, 10],
    ]);
    expect(net.decoder.inputs.map((i) => i.shape)).toEqual([
      [null, 2],
      [null, 10],
    ]);
    net.encoder.dispose();
    net.decoder.dispose();
    expect(() => presetSpec('torch-conv-ae', { numClasses: 10 })).toThrow(
      /preset 'torch-conv-ae' has a feature-map code and cannot take numClasses \(10\)/,
    );
  });

  it('adapts to other image sizes where the layers allow, and names the layer where not', () => {
    const rgb = buildPreset('keras-conv-vae', { inputShape: [32, 32, 3] });
    expect(rgb.decoder.outputs[0]?.shape).toEqual([null, 32, 32, 3]);
    rgb.encoder.dispose();
    rgb.decoder.dispose();
    // 30 → 15 → 8 (same pooling rounds up) → 16 → 32 ≠ 30
    const before = tf.memory().numTensors;
    const call = () => presetSpec('keras-conv-ae', { inputShape: [30, 30, 1] });
    expect(call).toThrow(NetworkError);
    expect(call).toThrow(/convDecoder: layers\[2\] .* gives 32×32 but outputShape is 30×30/);
    expect(() => buildPreset('keras-conv-ae', { inputShape: [30, 30, 1] })).toThrow(NetworkError);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => presetSpec('big-gan' as PresetName)).toThrow(
      /unknown preset "big-gan"; use one of dense-ae-32, keras-conv-ae/,
    );
  });
});

describe('tutorial recipes', () => {
  it('name a model recipe that builds the preset, with the recipe’s loss reduction', () => {
    const withTutorial = PRESETS.filter((p) => p.tutorial !== undefined);
    expect(withTutorial.map((p) => p.name).sort()).toEqual(
      ['dense-ae-32', 'keras-conv-ae', 'keras-conv-vae', 'torch-conv-ae', 'torch-conv-vae'].sort(),
    );
    for (const p of withTutorial) {
      const t = p.tutorial as NonNullable<typeof p.tutorial>;
      const options =
        t.model === 'vae' ? { preset: p.name } : { preset: p.name, reduction: t.reduction };
      const model = buildRecipe(t.model, options, { inputShape: [28, 28, 1] });
      expect([p.name, (model as unknown as { config: { preset?: string } }).config.preset]).toEqual(
        [p.name, p.name],
      );
      if (t.model !== 'vae')
        expect((model as unknown as { config: { reduction?: string } }).config.reduction).toBe(
          t.reduction,
        );
      // The VAE recipes sum over pixels: the only reduction a VAE has.
      else expect(t.reduction).toBe('sum');
      model.dispose();
    }
    expect(tutorialText(PRESETS.find((p) => p.name === 'torch-conv-ae')?.tutorial as never)).toBe(
      '--model conv-ae, batch 128, 5 epochs, Adam 0.001, BCE mean over pixels (PyTorch conv autoencoder tutorial)',
    );
  });
});
