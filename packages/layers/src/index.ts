/**
 * `@ae/layers`: the tfjs-layers building blocks that `@ae/encoders` and `@ae/decoders`
 * share, and the checks and errors of both. Importing it registers `SeededDropout` and
 * `NearestUpsampling2D` for serialization.
 */
export { ACTIVATIONS, type Activation, checkActivation } from './activation.js';
export { checkNumClasses, concatLabel, labelInput } from './conditioning.js';
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
export { type DenseStackOptions, denseStack } from './dense-stack.js';
export {
  MaxPooling2x2,
  type MaxPooling2x2Args,
  maxPool2x2,
  maxPoolGradKernelIsRight,
  routeMaxPoolGrad,
} from './max-pooling.js';
export {
  checkModelShapes,
  formatShapes,
  formatSymbolicShape,
  type ModelShapes,
} from './model-shapes.js';
export {
  NearestUpsampling2D,
  type NearestUpsampling2DArgs,
  nearestUpsample,
} from './nearest-upsampling.js';
export {
  badArgument,
  checkImageShape,
  checkOneOf,
  checkPositiveInt,
  checkRate,
  checkWidths,
} from './network-checks.js';
export { NetworkError, type NetworkErrorCode } from './network-error.js';
export { SeededDropout, type SeededDropoutArgs } from './seeded-dropout.js';
