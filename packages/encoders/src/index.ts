export { ACTIVATIONS, type Activation } from './activation.js';
export { type DenseEncoderArgs, type EncoderHead, denseEncoder } from './dense-encoder.js';
export { type GaussianHeadArgs, gaussianHead } from './gaussian-head.js';
export {
  NetworkError,
  type NetworkErrorCode,
  checkPositiveInt,
  checkWidths,
} from './network-error.js';
