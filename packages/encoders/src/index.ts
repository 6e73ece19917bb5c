/**
 * `@ae/encoders`: encoder networks. The building blocks they share with `@ae/decoders` live
 * in `@ae/layers`; the few of its names a user of the encoders needs are re-exported here.
 */
export {
  ACTIVATIONS,
  type Activation,
  NetworkError,
  type NetworkErrorCode,
  type Padding,
} from '@ae/layers';
export { type CheckEncoderArgs, checkEncoder } from './check-encoder.js';
export {
  type ConvEncoderArgs,
  type ConvEncoderHead,
  type ConvEncoderLayer,
  convEncoder,
  convEncoderShapes,
} from './conv-encoder.js';
export { type DenseEncoderArgs, denseEncoder } from './dense-encoder.js';
export {
  ENCODER_HEADS,
  type EncoderHead,
  type EncoderHeadOptions,
  encoderHead,
} from './encoder-head.js';
export { type GaussianHeadArgs, gaussianHead } from './gaussian-head.js';
