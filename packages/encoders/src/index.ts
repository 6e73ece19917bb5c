export { ACTIVATIONS, type Activation } from './activation.js';
export {
  type CheckEncoderArgs,
  checkEncoder,
  checkModelShapes,
  formatShapes,
  formatSymbolicShape,
} from './check-encoder.js';
export { checkNumClasses, concatLabel, labelInput } from './conditioning.js';
export {
  type ConvEncoderArgs,
  type ConvEncoderHead,
  type ConvEncoderLayer,
  convEncoder,
  convEncoderShapes,
} from './conv-encoder.js';
export { type ConvUnitOptions, convUnit, maxPool2, upsample2 } from './conv-layers.js';
export {
  convOutputSize,
  describeOp,
  formatShape,
  type Padding,
  type ShapeStep,
  type SpatialOp,
  traceConvShapes,
} from './conv-shape.js';
export { type DenseEncoderArgs, denseEncoder } from './dense-encoder.js';
export { checkActivation, type DenseStackOptions, denseStack } from './dense-stack.js';
export {
  ENCODER_HEADS,
  type EncoderHead,
  type EncoderHeadOptions,
  encoderHead,
} from './encoder-head.js';
export { type GaussianHeadArgs, gaussianHead } from './gaussian-head.js';
export {
  checkImageShape,
  checkOneOf,
  checkPositiveInt,
  checkRate,
  checkWidths,
  NetworkError,
  type NetworkErrorCode,
} from './network-error.js';
export { SeededDropout, type SeededDropoutArgs } from './seeded-dropout.js';
