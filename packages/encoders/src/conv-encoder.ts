import {
  type Activation,
  badArgument,
  checkActivation,
  checkImageShape,
  checkNumClasses,
  checkOneOf,
  checkPositiveInt,
  checkRate,
  checkWidths,
  concatLabel,
  convUnit,
  denseStack,
  labelInput,
  maxPool2,
  NetworkError,
  type Padding,
  type ShapeStep,
  type SpatialOp,
  traceConvShapes,
} from '@ae/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { type EncoderHead, encoderHead } from './encoder-head.js';

/** What a convolutional encoder outputs: a vector head, or the last feature map itself. */
export type ConvEncoderHead = EncoderHead | 'feature-map';

/** One convolution of {@link convEncoder}. */
export interface ConvEncoderLayer {
  /** Output channels. */
  filters: number;
  /** Side of the square kernel; default 3. */
  kernelSize?: number;
  /** Stride along both axes (usually 1 or 2); default 1. */
  strides?: number;
  /** `'same'` (default): output ⌈n / stride⌉; `'valid'`: ⌊(n − k) / stride⌋ + 1. */
  padding?: Padding;
  /** `2`: 2×2 max pooling with stride 2 after the activation, with the same padding as the conv. */
  pool?: 2;
}

/** Arguments of {@link convEncoder}. */
export interface ConvEncoderArgs {
  /** Shape of one input image, `[height, width, channels]`, e.g. `[28, 28, 1]`. */
  inputShape: readonly number[];
  /** The convolutions, input side first (layers `conv_0`, `conv_1`, …). At least one. */
  layers: readonly ConvEncoderLayer[];
  /** Activation of every convolution and hidden dense layer; default `'relu'`. */
  activation?: Activation;
  /** Widths of dense layers after the flatten (and the label), before the head; default none. */
  dense?: readonly number[];
  /** Dimension of the code; required for the vector heads, not allowed for `'feature-map'`. */
  latentDim?: number;
  /**
   * `'gaussian'` (default): outputs `[mean, logVar]`, each `[batch, latentDim]`.
   * `'deterministic'`: outputs the code `[batch, latentDim]`.
   * `'feature-map'`: no flatten; the last convolution's (activated, pooled) output
   * `[batch, h, w, c]` is the code.
   */
  head?: ConvEncoderHead;
  /** Activation of the deterministic code layer; default `'linear'`. */
  codeActivation?: Activation;
  /** Batch normalization before each activation (convolutions and dense layers); default `false`. */
  batchNorm?: boolean;
  /** Dropout rate after each hidden dense layer, in [0, 1); default 0. */
  dropout?: number;
  /**
   * Number of classes of a conditional encoder. When set, the model has a second input
   * `label` (one-hot, `[batch, numClasses]`) concatenated to the flattened conv features;
   * inputs are `[x, label]`. Not available with the `'feature-map'` head.
   */
  numClasses?: number;
  /** Seed of the weight initializers, for reproducible runs; default 0. */
  seed?: number;
  /** Name of the model; default `'encoder'`. */
  name?: string;
}

interface ResolvedLayer {
  filters: number;
  kernelSize: number;
  strides: number;
  padding: Padding;
  pool: boolean;
}

function resolveLayers(where: string, value: unknown): ResolvedLayer[] {
  if (!Array.isArray(value) || value.length === 0) {
    badArgument(where, 'layers', 'a non-empty array such as [{ filters: 32, strides: 2 }]', value);
  }
  return value.map((l: ConvEncoderLayer, i) => {
    const f = `layers[${i}]`;
    if (l.pool !== undefined && l.pool !== 2) {
      badArgument(where, `${f}.pool`, '2 (2×2 max pooling) or left out', l.pool);
    }
    return {
      filters: checkPositiveInt(where, `${f}.filters`, l.filters),
      kernelSize: checkPositiveInt(where, `${f}.kernelSize`, l.kernelSize ?? 3),
      strides: checkPositiveInt(where, `${f}.strides`, l.strides ?? 1),
      padding: checkOneOf(where, `${f}.padding`, l.padding ?? 'same', ['same', 'valid']),
      pool: l.pool === 2,
    };
  });
}

function steps(layers: readonly ResolvedLayer[]): ShapeStep[] {
  return layers.map((l, i) => {
    const ops: SpatialOp[] = [{ op: 'conv', ...l }];
    if (l.pool) ops.push({ op: 'pool', padding: l.padding });
    return { label: `layers[${i}]`, ops, filters: l.filters };
  });
}

/**
 * Output shape of every layer of a {@link convEncoder} (`[h, w, c]` after its conv and
 * pooling) and of the code, computed from the arguments without building anything.
 * Throws the same errors as `convEncoder`.
 */
export function convEncoderShapes(args: ConvEncoderArgs): {
  layers: [number, number, number][];
  code: number[];
} {
  const where = 'convEncoder';
  const inputShape = checkImageShape(where, 'inputShape', args.inputShape);
  const shapes = traceConvShapes(where, inputShape, steps(resolveLayers(where, args.layers)));
  const last = shapes[shapes.length - 1] as [number, number, number];
  if (args.head === 'feature-map') return { layers: shapes, code: [...last] };
  return { layers: shapes, code: [checkPositiveInt(where, 'latentDim', args.latentDim)] };
}

/**
 * A convolutional encoder as a tfjs-layers model: convolutions (each optionally followed
 * by 2×2 max pooling), then either the last feature map as the code, or flatten → label
 * (if conditional) → dense layers → a Gaussian or deterministic head.
 *
 * Inputs: `x` `[batch, h, w, c]` (and `label` `[batch, numClasses]`: pass `[x, label]`).
 * Outputs: `[mean, logVar]`, `[code]` or `[featureMap]` (see `head`). Every size is
 * checked before any layer is created (see `convOutputSize`).
 *
 * @example
 * const encoder = convEncoder({
 *   inputShape: [28, 28, 1],
 *   layers: [{ filters: 32, strides: 2 }, { filters: 64, strides: 2 }],
 *   dense: [16],
 *   latentDim: 2,
 * });
 * const [mean, logVar] = encoder.predict(tf.zeros([4, 28, 28, 1])) as tf.Tensor[]; // [4, 2] each
 */
export function convEncoder(args: ConvEncoderArgs): tfl.LayersModel {
  const where = 'convEncoder';
  const inputShape = checkImageShape(where, 'inputShape', args.inputShape);
  const layers = resolveLayers(where, args.layers);
  const head = checkOneOf(where, 'head', args.head ?? 'gaussian', [
    'gaussian',
    'deterministic',
    'feature-map',
  ] as const);
  const activation = checkActivation(where, 'activation', args.activation ?? 'relu');
  const codeActivation = checkActivation(where, 'codeActivation', args.codeActivation ?? 'linear');
  const dense = checkWidths(where, 'dense', args.dense ?? []);
  const dropout = checkRate(where, 'dropout', args.dropout ?? 0);
  const numClasses = checkNumClasses(where, args.numClasses);
  const batchNorm = args.batchNorm ?? false;
  const seed = args.seed ?? 0;
  let latentDim = 0;
  if (head === 'feature-map') {
    const unused = {
      latentDim: args.latentDim,
      dense: args.dense?.length ? args.dense : undefined,
    };
    for (const [field, value] of Object.entries({ ...unused, numClasses })) {
      if (value !== undefined) {
        throw new NetworkError(
          'NETWORK_BAD_ARGUMENT',
          `${where}: ${field} (${JSON.stringify(value)}) cannot be used with head 'feature-map', whose code is the last convolution's output; remove it or use head 'gaussian' or 'deterministic'.`,
        );
      }
    }
  } else {
    latentDim = checkPositiveInt(where, 'latentDim', args.latentDim);
  }
  traceConvShapes(where, inputShape, steps(layers));

  const x = tfl.input({ shape: inputShape, name: 'x' });
  let h = x;
  layers.forEach((l, i) => {
    h = convUnit(h, {
      kind: 'conv',
      ...l,
      activation,
      batchNorm,
      name: `conv_${i}`,
      seed: seed + 5000 + 17 * i,
    });
    if (l.pool) h = maxPool2(h, l.padding, `pool_${i}`);
  });
  const name = args.name ?? 'encoder';
  if (head === 'feature-map') return tfl.model({ inputs: x, outputs: h, name });

  h = tfl.layers.flatten({ name: 'flatten' }).apply(h) as tfl.SymbolicTensor;
  const label = numClasses === undefined ? undefined : labelInput(numClasses);
  if (label) h = concatLabel(h, label);
  h = denseStack(h, { hidden: dense, activation, seed, batchNorm, dropout });
  const outputs = encoderHead(h, { head, latentDim, codeActivation, seed: seed + 7 });
  return tfl.model({ inputs: label ? [x, label] : x, outputs, name });
}
