/**
 * `@ae/decoders`: decoder networks. The building blocks they share with `@ae/encoders` live
 * in `@ae/layers`; the few of its names a user of the decoders needs are re-exported here.
 */
export {
  ACTIVATIONS,
  type Activation,
  NetworkError,
  type NetworkErrorCode,
  type Padding,
} from '@ae/layers';
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
