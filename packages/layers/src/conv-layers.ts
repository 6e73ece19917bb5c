import * as tfl from '@tensorflow/tfjs-layers';
import type { Activation } from './activation.js';
import type { Padding } from './conv-shape.js';
import { MaxPooling2x2 } from './max-pooling.js';
import { NearestUpsampling2D } from './nearest-upsampling.js';

/** Options of {@link convUnit}. */
export interface ConvUnitOptions {
  /** `'conv'`: `conv2d`; `'transpose'`: `conv2dTranspose`. */
  kind: 'conv' | 'transpose';
  /** Output channels. */
  filters: number;
  /** Side of the square kernel. */
  kernelSize: number;
  /** Stride along both axes. */
  strides: number;
  /** Padding mode. */
  padding: Padding;
  /** Activation after the convolution (after the normalization when `batchNorm`). */
  activation: Activation;
  /** Batch normalization between the convolution (then without bias) and the activation. */
  batchNorm: boolean;
  /** Name of the convolution layer; the others are `bn_<name>` and `act_<name>`. */
  name: string;
  /** Seed of the Glorot-uniform kernel initializer. */
  seed: number;
}

/**
 * A (transposed) convolution with a seeded Glorot-uniform kernel and zero bias,
 * optionally followed by batch normalization and then the activation.
 */
export function convUnit(input: tfl.SymbolicTensor, o: ConvUnitOptions): tfl.SymbolicTensor {
  const args = {
    filters: o.filters,
    kernelSize: o.kernelSize,
    strides: o.strides,
    padding: o.padding,
    activation: o.batchNorm ? 'linear' : o.activation,
    useBias: !o.batchNorm,
    name: o.name,
    kernelInitializer: tfl.initializers.glorotUniform({ seed: o.seed }),
  } as const;
  const layer = o.kind === 'conv' ? tfl.layers.conv2d(args) : tfl.layers.conv2dTranspose(args);
  let h = layer.apply(input) as tfl.SymbolicTensor;
  if (o.batchNorm) {
    h = tfl.layers.batchNormalization({ name: `bn_${o.name}` }).apply(h) as tfl.SymbolicTensor;
    h = tfl.layers
      .activation({ activation: o.activation, name: `act_${o.name}` })
      .apply(h) as tfl.SymbolicTensor;
  }
  return h;
}

/**
 * 2×2 max pooling with stride 2: a {@link MaxPooling2x2} layer, whose gradient is right on
 * every backend (tfjs-layers' `maxPooling2d` trains with wrong gradients on stock
 * tfjs-backend-wasm 4.22 where a window holds no positive value).
 */
export function maxPool2(
  input: tfl.SymbolicTensor,
  padding: Padding,
  name: string,
): tfl.SymbolicTensor {
  return new MaxPooling2x2({ padding, name }).apply(input) as tfl.SymbolicTensor;
}

/**
 * Nearest-neighbour upsampling by 2 along both axes: a {@link NearestUpsampling2D} layer,
 * whose gradient is right on every backend (tfjs-layers' `upSampling2d` trains with wrong
 * gradients on stock tfjs-backend-cpu 4.22).
 */
export function upsample2(input: tfl.SymbolicTensor, name: string): tfl.SymbolicTensor {
  return new NearestUpsampling2D({ size: [2, 2], name }).apply(input) as tfl.SymbolicTensor;
}
