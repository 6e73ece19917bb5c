import {
  type Activation,
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
  NetworkError,
  upsample2,
} from '@ae/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  type ConvDecoderLayer,
  checkDecoderShapes,
  deriveStartShape,
  type ResolvedDecoderLayer,
  resolveDecoderLayers,
} from './conv-decoder-shapes.js';

/** Arguments of {@link convDecoder}. Give exactly one of `latentDim` and `inputShape`. */
export interface ConvDecoderArgs {
  /** Dimension of a vector code `z` (input `[batch, latentDim]`), projected by dense layers. */
  latentDim?: number;
  /** Shape `[h, w, c]` of a feature-map code (input `[batch, h, w, c]`), fed to the layers as is. */
  inputShape?: readonly number[];
  /** Widths of dense layers between `z` (and the label) and the projection; default none. */
  dense?: readonly number[];
  /**
   * Shape `[h, w, c]` that `z` is projected to (a dense layer of h·w·c units, then a
   * reshape). Default: derived from `outputShape` by running the layers' size formulas
   * backwards, with c = the first layer's filters.
   */
  startShape?: readonly number[];
  /** The upsampling layers, code side first; the last one produces the output channels. */
  layers: readonly ConvDecoderLayer[];
  /** Shape of one output image, `[height, width, channels]`. */
  outputShape: readonly number[];
  /** Activation of the dense layers and of every layer but the last; default `'relu'`. */
  activation?: Activation;
  /**
   * Activation of the projection of `z` to `startShape` (vector codes only); default
   * `activation`. `'linear'` gives a plain linear layer before the reshape, as in
   * `Linear → view → ConvTranspose2d` decoders.
   */
  projectionActivation?: Activation;
  /**
   * Activation of the last layer: `'linear'` (default) gives logits, for a Bernoulli
   * likelihood with logits; `'sigmoid'` gives probabilities.
   */
  outputActivation?: 'linear' | 'sigmoid';
  /** Batch normalization before each hidden activation (not on the output); default `false`. */
  batchNorm?: boolean;
  /** Dropout rate after each layer of `dense`, in [0, 1); default 0. */
  dropout?: number;
  /**
   * Number of classes of a conditional decoder: a second input `label` (one-hot,
   * `[batch, numClasses]`) is concatenated to `z`; inputs are `[z, label]`. Needs `latentDim`.
   */
  numClasses?: number;
  /** Seed of the weight initializers, for reproducible runs; default 0. */
  seed?: number;
  /** Name of the model; default `'decoder'`. */
  name?: string;
}

interface Plan {
  layers: ResolvedDecoderLayer[];
  start: [number, number, number];
  outputShape: [number, number, number];
  latentDim: number | undefined;
  numClasses: number | undefined;
  dense: number[];
  shapes: [number, number, number][];
}

function plan(args: ConvDecoderArgs): Plan {
  const where = 'convDecoder';
  const layers = resolveDecoderLayers(where, args.layers);
  const outputShape = checkImageShape(where, 'outputShape', args.outputShape);
  const dense = checkWidths(where, 'dense', args.dense ?? []);
  const numClasses = checkNumClasses(where, args.numClasses);
  if ((args.latentDim === undefined) === (args.inputShape === undefined)) {
    throw new NetworkError(
      'NETWORK_BAD_ARGUMENT',
      `${where}: give exactly one of latentDim (a vector code) and inputShape (a feature-map code), got latentDim ${JSON.stringify(args.latentDim)} and inputShape ${JSON.stringify(args.inputShape)}.`,
    );
  }
  if (args.inputShape !== undefined) {
    const start = checkImageShape(where, 'inputShape', args.inputShape);
    const unused = {
      dense: dense.length > 0 ? dense : undefined,
      startShape: args.startShape,
      projectionActivation: args.projectionActivation,
      numClasses,
    };
    for (const [field, value] of Object.entries(unused)) {
      if (value !== undefined) {
        throw new NetworkError(
          'NETWORK_BAD_ARGUMENT',
          `${where}: ${field} (${JSON.stringify(value)}) cannot be used with a feature-map input (inputShape); use latentDim for a vector code, or remove it.`,
        );
      }
    }
    const shapes = checkDecoderShapes(where, start, layers, outputShape, 'inputShape');
    return { layers, start, outputShape, latentDim: undefined, numClasses, dense, shapes };
  }
  const latentDim = checkPositiveInt(where, 'latentDim', args.latentDim);
  const start =
    args.startShape === undefined
      ? deriveStartShape(where, layers, outputShape)
      : checkImageShape(where, 'startShape', args.startShape);
  const shapes = checkDecoderShapes(where, start, layers, outputShape, 'startShape');
  return { layers, start, outputShape, latentDim, numClasses, dense, shapes };
}

/**
 * Shapes of a {@link convDecoder} computed from its arguments, without building it:
 * the start feature map and every layer's output `[h, w, c]`. Throws the same errors.
 */
export function convDecoderShapes(args: ConvDecoderArgs): {
  start: [number, number, number];
  layers: [number, number, number][];
} {
  const p = plan(args);
  return { start: p.start, layers: p.shapes };
}

/**
 * A convolutional decoder as a tfjs-layers model: z (and the label, if conditional) →
 * dense layers → projection to `startShape` → reshape, or a feature map as input; then
 * transposed convolutions, upsampling + convolution or plain convolutions. The last
 * layer is the output (its filters must equal the output channels; add a final
 * `{ filters: c, mode: 'conv' }` layer otherwise) and gives logits by default.
 *
 * Inputs: `z` `[batch, latentDim]` (and `label` `[batch, numClasses]`: pass `[z, label]`),
 * or a feature map `[batch, ...inputShape]`. Output `[batch, ...outputShape]`. Every size
 * is checked before any layer is created, and errors name the layer (`layers[2]`).
 *
 * @example
 * const decoder = convDecoder({
 *   latentDim: 2,
 *   layers: [{ filters: 64, strides: 2 }, { filters: 32, strides: 2 }, { filters: 1 }],
 *   outputShape: [28, 28, 1], // startShape derived: 7×7×64
 * });
 * const logits = decoder.predict(tf.zeros([4, 2])) as tf.Tensor; // [4, 28, 28, 1]
 */
export function convDecoder(args: ConvDecoderArgs): tfl.LayersModel {
  const where = 'convDecoder';
  const p = plan(args);
  const activation = checkActivation(where, 'activation', args.activation ?? 'relu');
  const projectionActivation = checkActivation(
    where,
    'projectionActivation',
    args.projectionActivation ?? activation,
  );
  const outputActivation = checkOneOf(
    where,
    'outputActivation',
    args.outputActivation ?? 'linear',
    ['linear', 'sigmoid'] as const,
  );
  const dropout = checkRate(where, 'dropout', args.dropout ?? 0);
  const batchNorm = args.batchNorm ?? false;
  const seed = args.seed ?? 0;

  let inputs: tfl.SymbolicTensor[];
  let h: tfl.SymbolicTensor;
  if (p.latentDim === undefined) {
    h = tfl.input({ shape: p.start, name: 'code' });
    inputs = [h];
  } else {
    const z = tfl.input({ shape: [p.latentDim], name: 'z' });
    inputs = [z];
    h = z;
    if (p.numClasses !== undefined) {
      const label = labelInput(p.numClasses);
      inputs.push(label);
      h = concatLabel(h, label);
    }
    h = denseStack(h, { hidden: p.dense, activation, seed, batchNorm, dropout });
    const units = p.start[0] * p.start[1] * p.start[2];
    h = denseStack(h, {
      hidden: [units],
      activation: projectionActivation,
      seed: seed + 3,
      batchNorm,
      name: 'project',
    });
    h = tfl.layers
      .reshape({ targetShape: p.start, name: 'reshape' })
      .apply(h) as tfl.SymbolicTensor;
  }
  const last = p.layers.length - 1;
  p.layers.forEach((l, i) => {
    const isLast = i === last;
    if (l.mode === 'upsample') h = upsample2(h, `upsample_${i}`);
    h = convUnit(h, {
      kind: l.mode === 'transpose' ? 'transpose' : 'conv',
      filters: l.filters,
      kernelSize: l.kernelSize,
      strides: l.strides,
      padding: l.padding,
      activation: isLast ? outputActivation : activation,
      batchNorm: batchNorm && !isLast,
      name: `${l.mode === 'transpose' ? 'deconv' : 'conv'}_${i}`,
      seed: seed + 5000 + 17 * i,
    });
  });
  return tfl.model({
    inputs: inputs.length === 1 ? (inputs[0] as tfl.SymbolicTensor) : inputs,
    outputs: h,
    name: args.name ?? 'decoder',
  });
}
