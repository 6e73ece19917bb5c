export { type DenseDecoderArgs, denseDecoder } from './dense-decoder.js';
