import { convDecoder, denseDecoder } from '@ae/decoders';
import { type ConvEncoderHead, convEncoder, denseEncoder } from '@ae/encoders';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  type DecoderSpec,
  type EncoderSpec,
  type PresetName,
  type PresetOptions,
  presetSpec,
} from './presets.js';

/** Builds the encoder an {@link EncoderSpec} describes. */
export function buildEncoder(spec: EncoderSpec): tfl.LayersModel {
  return spec.type === 'dense' ? denseEncoder(spec.args) : convEncoder(spec.args);
}

/** Builds the decoder a {@link DecoderSpec} describes. */
export function buildDecoder(spec: DecoderSpec): tfl.LayersModel {
  return spec.type === 'dense' ? denseDecoder(spec.args) : convDecoder(spec.args);
}

/** A built preset: both networks and what their code looks like. */
export interface PresetNetworks {
  /** The preset's name. */
  name: PresetName;
  /** Its one-line description. */
  description: string;
  /** `'gaussian'`: the encoder outputs `[mean, logVar]`; otherwise one code. */
  head: ConvEncoderHead;
  /** Input `[batch, h, w, c]` (and `[batch, numClasses]`) → code. */
  encoder: tfl.LayersModel;
  /** Code (and label) → logits `[batch, h, w, c]`. */
  decoder: tfl.LayersModel;
  /** Shape of one code: `[latentDim]`, or `[h, w, c]` for a feature map. */
  codeShape: number[];
  /** Dimension of a vector code; `undefined` for a feature-map code. */
  latentDim: number | undefined;
}

/**
 * Builds a preset's encoder and decoder (see `PRESETS` and `presetSpec`). The caller owns
 * both models (`dispose()` them).
 *
 * @example
 * const { encoder, decoder, latentDim } = buildPreset('keras-conv-vae', { seed: 1 });
 * const [mean] = encoder.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor[]; // [2, 2]
 */
export function buildPreset(name: PresetName, options: PresetOptions = {}): PresetNetworks {
  const spec = presetSpec(name, options);
  const encoder = buildEncoder(spec.encoder);
  let decoder: tfl.LayersModel;
  try {
    decoder = buildDecoder(spec.decoder);
  } catch (e) {
    encoder.dispose();
    throw e;
  }
  const codeShape = (encoder.outputs[0]?.shape.slice(1) ?? []) as number[];
  return {
    name: spec.name,
    description: spec.description,
    head: spec.head,
    encoder,
    decoder,
    codeShape,
    latentDim: spec.head === 'feature-map' ? undefined : codeShape[0],
  };
}
