export { ACTIVATIONS, type Activation } from './activation.js';
export { type DenseEncoderArgs, denseEncoder, type EncoderHead } from './dense-encoder.js';
export { checkActivation, denseStack } from './dense-stack.js';
export { type GaussianHeadArgs, gaussianHead } from './gaussian-head.js';
export {
  checkPositiveInt,
  checkWidths,
  NetworkError,
  type NetworkErrorCode,
} from './network-error.js';
