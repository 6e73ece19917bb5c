export {
  buildDecoder,
  buildEncoder,
  buildPreset,
  type PresetNetworks,
} from './build-preset.js';
export { type CheckDecoderArgs, checkDecoder } from './check-decoder.js';
export {
  type ConvDecoderArgs,
  convDecoder,
  convDecoderShapes,
} from './conv-decoder.js';
export {
  type ConvDecoderLayer,
  type DecoderLayerMode,
  deriveStartShape,
} from './conv-decoder-shapes.js';
export { type DenseDecoderArgs, denseDecoder } from './dense-decoder.js';
export {
  type DecoderSpec,
  type EncoderSpec,
  isPresetName,
  PRESETS,
  type PresetInfo,
  type PresetName,
  type PresetOptions,
  type PresetSpec,
  presetSpec,
} from './presets.js';
