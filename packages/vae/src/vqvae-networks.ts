/**
 * The networks of a VQ-VAE: building them from a config, checking user networks, and the
 * quantizer as a one-layer model (so the codebook saves like any other network).
 */
import { checkDecoder, convDecoder, denseDecoder } from '@ae/decoders';
import { checkEncoder, denseEncoder } from '@ae/encoders';
import { convUnit } from '@ae/layers';
import { VectorQuantizerLayer } from '@ae/quantizer';
import * as tfl from '@tensorflow/tfjs-layers';
import { buildPreset } from './build-preset.js';
import { asModelError } from './config-checks.js';
import { ModelError } from './model-error.js';
import type { VQVAEConfig } from './vqvae-config.js';

/** Networks to use instead of the ones the config describes. */
export interface VQVAENetworks {
  /** `[batch, ...inputShape]` → code vectors `[batch, h, w, codeDim]` or `[batch, codeDim]` (linear). */
  encoder: tfl.LayersModel;
  /** The quantized code, shaped as the encoder outputs it → logits (Bernoulli) or mean (Gaussian). */
  decoder: tfl.LayersModel;
  /** A model around one `VectorQuantizerLayer`, as `save` writes it. Normally left out (built from the config). */
  quantizer?: tfl.LayersModel;
}

/** The config's networks: a preset, or conv (stride-2 convs, linear 1×1 to D) / dense, mirrored. */
export function buildNetworks(c: VQVAEConfig): VQVAENetworks {
  const { inputShape, codeDim, activation, seed } = c;
  if (c.preset !== undefined) {
    const { encoder, decoder } = buildPreset(c.preset, { inputShape, seed });
    return { encoder, decoder };
  }
  if (c.architecture === 'dense') {
    const { hidden } = c;
    const encoder = denseEncoder({
      inputShape,
      hidden,
      latentDim: codeDim,
      head: 'deterministic',
      activation,
      seed,
    });
    const decoder = denseDecoder({
      latentDim: codeDim,
      hidden: [...hidden].reverse(),
      outputShape: inputShape,
      activation,
      seed: seed + 1000,
    });
    return { encoder, decoder };
  }
  const x = tfl.input({ shape: inputShape, name: 'x' });
  let h = x;
  const conv = { kind: 'conv', padding: 'same', batchNorm: false } as const;
  for (const [i, filters] of c.filters.entries()) {
    const name = `conv_${i}`;
    h = convUnit(h, {
      ...conv,
      filters,
      kernelSize: 3,
      strides: 2,
      activation,
      name,
      seed: seed + 17 * i,
    });
  }
  // Linear codes: a relu here would confine the code vectors to the positive orthant.
  const code = convUnit(h, {
    ...conv,
    filters: codeDim,
    kernelSize: 1,
    strides: 1,
    activation: 'linear',
    name: 'code',
    seed: seed + 7,
  });
  const encoder = tfl.model({ inputs: x, outputs: code, name: 'encoder' });
  const [height, width, channels] = inputShape as [number, number, number];
  const factor = 2 ** c.filters.length;
  const decoder = convDecoder({
    inputShape: [height / factor, width / factor, codeDim],
    layers: [
      ...[...c.filters].reverse().map((filters) => ({ filters, strides: 2 })),
      { filters: channels, mode: 'conv' as const },
    ],
    outputShape: inputShape,
    activation,
    seed: seed + 1000,
  });
  return { encoder, decoder };
}

/** Checks the networks against the config; returns the code shape `[h, w, D]` or `[D]`. */
export function checkNetworks(n: VQVAENetworks, c: VQVAEConfig): number[] {
  const context = 'VQVAE';
  const shape = n.encoder.outputs[0]?.shape.slice(1) ?? [];
  const codeShape = shape.every((d) => typeof d === 'number') ? (shape as number[]) : [];
  if (
    n.encoder.outputs.length !== 1 ||
    ![1, 3].includes(codeShape.length) ||
    codeShape.at(-1) !== c.codeDim
  ) {
    throw new ModelError(
      'MODEL_BAD_NETWORK',
      `${context}: the encoder must output one tensor [null, h, w, ${c.codeDim}] or [null, ${c.codeDim}] (codeDim ${c.codeDim}), got ${JSON.stringify(n.encoder.outputs.map((o) => o.shape))}.`,
    );
  }
  const isMap = codeShape.length === 3;
  const { inputShape } = c;
  asModelError(() =>
    checkEncoder(
      n.encoder,
      isMap
        ? { inputShape, head: 'feature-map', codeShape, context }
        : { inputShape, head: 'deterministic', latentDim: c.codeDim, context },
    ),
  );
  asModelError(() =>
    checkDecoder(
      n.decoder,
      isMap
        ? { inputShape: codeShape, outputShape: inputShape, context }
        : { latentDim: c.codeDim, outputShape: inputShape, context },
    ),
  );
  return codeShape;
}

/** The quantizer as a one-layer model, so its codebook and EMA statistics save with the others. */
export function buildQuantizer(c: VQVAEConfig, codeShape: number[]): tfl.LayersModel {
  const input = tfl.input({ shape: codeShape, name: 'code' });
  const layer = new VectorQuantizerLayer({
    numCodes: c.numCodes,
    codeDim: c.codeDim,
    commitmentWeight: c.commitmentWeight,
    ema: c.ema,
    deadCodeThreshold: c.deadCodeThreshold,
    init: c.init,
    seed: c.seed + 2000,
    name: 'vq',
  });
  return tfl.model({
    inputs: input,
    outputs: layer.apply(input) as tfl.SymbolicTensor,
    name: 'quantizer',
  });
}

/**
 * The `VectorQuantizerLayer` inside a quantizer model, checked against the config and the
 * code shape (`MODEL_BAD_NETWORK` otherwise).
 */
export function quantizerLayer(
  net: tfl.LayersModel,
  c: VQVAEConfig,
  codeShape: number[],
): VectorQuantizerLayer {
  const layer = net.layers.find(
    (l): l is VectorQuantizerLayer => l instanceof VectorQuantizerLayer,
  );
  const input = JSON.stringify(net.inputs.map((i) => i.shape));
  const options = layer?.quantizer().options;
  if (
    !layer ||
    input !== JSON.stringify([[null, ...codeShape]]) ||
    options?.numCodes !== c.numCodes ||
    options.codeDim !== c.codeDim
  ) {
    throw new ModelError(
      'MODEL_BAD_NETWORK',
      `VQVAE: the quantizer must be a model with input [[null, ${codeShape.join(', ')}]] around a VectorQuantizerLayer of ${c.numCodes} codes of dimension ${c.codeDim}, got input ${input} and ${layer ? `${options?.numCodes} codes of dimension ${options?.codeDim}` : 'no such layer'}.`,
    );
  }
  return layer;
}
