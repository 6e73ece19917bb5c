import {
  badArgument,
  checkOneOf,
  checkPositiveInt,
  describeOp,
  formatShape,
  NetworkError,
  type Padding,
  type ShapeStep,
  type SpatialOp,
  traceConvShapes,
} from '@ae/layers';

/**
 * How a decoder layer grows the feature map: `'transpose'`: a transposed convolution
 * (stride s multiplies the size by s); `'upsample'`: 2×2 nearest-neighbour upsampling
 * then a stride-1 convolution; `'conv'`: a plain convolution (e.g. a final 3×3 to the
 * output channels).
 */
export type DecoderLayerMode = 'transpose' | 'upsample' | 'conv';

/** One layer of a convolutional decoder. */
export interface ConvDecoderLayer {
  /** Output channels. The last layer's must equal the output channels. */
  filters: number;
  /** Side of the square kernel; default 3. */
  kernelSize?: number;
  /** Stride along both axes; default 1. Must be 1 with `'upsample'`. */
  strides?: number;
  /** Default `'transpose'`. */
  mode?: DecoderLayerMode;
  /**
   * Default `'same'`. Sizes: transpose same n·s, valid n·s + max(k − s, 0);
   * conv same ⌈n / s⌉, valid ⌊(n − k) / s⌋ + 1.
   */
  padding?: Padding;
}

/** A {@link ConvDecoderLayer} with its defaults filled in. */
export interface ResolvedDecoderLayer {
  filters: number;
  kernelSize: number;
  strides: number;
  mode: DecoderLayerMode;
  padding: Padding;
}

/** Checks the layer list of a convolutional decoder and fills in the defaults. */
export function resolveDecoderLayers(where: string, value: unknown): ResolvedDecoderLayer[] {
  if (!Array.isArray(value) || value.length === 0) {
    const example = '[{ filters: 32, strides: 2 }, { filters: 1, strides: 2 }]';
    badArgument(where, 'layers', `a non-empty array such as ${example}`, value);
  }
  return value.map((l: ConvDecoderLayer, i) => {
    const f = `layers[${i}]`;
    const r: ResolvedDecoderLayer = {
      filters: checkPositiveInt(where, `${f}.filters`, l.filters),
      kernelSize: checkPositiveInt(where, `${f}.kernelSize`, l.kernelSize ?? 3),
      strides: checkPositiveInt(where, `${f}.strides`, l.strides ?? 1),
      mode: checkOneOf(where, `${f}.mode`, l.mode ?? 'transpose', [
        'transpose',
        'upsample',
        'conv',
      ] as const),
      padding: checkOneOf(where, `${f}.padding`, l.padding ?? 'same', ['same', 'valid'] as const),
    };
    if (r.mode === 'upsample' && r.strides !== 1) {
      const why = "1 with mode 'upsample' (it upsamples by 2, then a stride-1 convolution)";
      badArgument(where, `${f}.strides`, why, r.strides);
    }
    return r;
  });
}

/** The spatial ops of one decoder layer, in order. */
export function decoderLayerOps(l: ResolvedDecoderLayer): SpatialOp[] {
  const conv = {
    kernelSize: l.kernelSize,
    strides: l.strides,
    padding: l.padding,
  };
  if (l.mode === 'transpose') return [{ op: 'transpose', ...conv }];
  if (l.mode === 'upsample') return [{ op: 'upsample' }, { op: 'conv', ...conv }];
  return [{ op: 'conv', ...conv }];
}

/** The input size that `op` maps to `m`, or `undefined` when there is none or several. */
function inverse(op: SpatialOp, m: number): number | undefined {
  let n: number;
  if (op.op === 'upsample') n = m / 2;
  else if (op.op === 'transpose') {
    n = (op.padding === 'same' ? m : m - Math.max(op.kernelSize - op.strides, 0)) / op.strides;
  } else if (op.op === 'conv' && op.strides === 1) {
    n = op.padding === 'same' ? m : m + op.kernelSize - 1;
  } else return undefined;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Overall upsampling factor when every op multiplies the size by a constant, else undefined. */
function upsamplingFactor(layers: readonly ResolvedDecoderLayer[]): number | undefined {
  let f = 1;
  for (const op of layers.flatMap(decoderLayerOps)) {
    if (op.op === 'upsample') f *= 2;
    else if (op.op === 'transpose' && op.padding === 'same') f *= op.strides;
    else if (!(op.op === 'conv' && op.padding === 'same' && op.strides === 1)) return undefined;
  }
  return f;
}

/** What to change when the layers do not reach `out` (h×w) from some start size. */
function hint(
  layers: readonly ResolvedDecoderLayer[],
  out: readonly [number, number],
  startField: string,
): string {
  const f = upsamplingFactor(layers);
  const [h, w] = out;
  const size = `${h}×${w}`;
  if (f === undefined) {
    return `change ${startField}, the kernel sizes or the paddings so that the last layer gives ${size}`;
  }
  if (h % f === 0 && w % f === 0) return `use ${startField} ${h / f}×${w / f}`;
  let p = 1;
  while (h % (p * 2) === 0 && w % (p * 2) === 0) p *= 2;
  const k = Math.log2(p);
  const layersText = k === 1 ? 'one stride-2 layer' : `${k} stride-2 layers`;
  return `the decoder's upsampling factor ${f} does not divide ${size}; use layers that upsample by ${p} (e.g. ${layersText}) from ${startField} ${h / p}×${w / p}`;
}

/**
 * The `startShape` a decoder needs so that its layers end at `outputShape`, found by
 * running each layer's size formula backwards (channels: the first layer's filters).
 * Throws a {@link NetworkError} `NETWORK_BAD_SHAPE` naming the layer where no whole
 * size works (or where the size is ambiguous: a strided plain convolution).
 */
export function deriveStartShape(
  where: string,
  layers: readonly ResolvedDecoderLayer[],
  outputShape: readonly [number, number, number],
): [number, number, number] {
  let [h, w] = outputShape;
  for (let i = layers.length - 1; i >= 0; i--) {
    const ops = decoderLayerOps(layers[i] as ResolvedDecoderLayer);
    for (let j = ops.length - 1; j >= 0; j--) {
      const op = ops[j] as SpatialOp;
      const nh = inverse(op, h);
      const nw = inverse(op, w);
      if (nh === undefined || nw === undefined) {
        throw new NetworkError(
          'NETWORK_BAD_SHAPE',
          `${where}: cannot derive startShape: layers[${i}] (${describeOp(op)}) must give ${h}×${w} and no whole input size does that; ${hint(layers, [outputShape[0], outputShape[1]], 'startShape')}.`,
        );
      }
      h = nh;
      w = nw;
    }
  }
  return [h, w, (layers[0] as ResolvedDecoderLayer).filters];
}

/**
 * Checks that the layers map `start` to exactly `outputShape`: every size positive, the
 * last layer's filters equal to the output channels and the final size equal to the
 * output size; returns every layer's output shape. Errors name the layer.
 */
export function checkDecoderShapes(
  where: string,
  start: readonly [number, number, number],
  layers: readonly ResolvedDecoderLayer[],
  outputShape: readonly [number, number, number],
  startField: string,
): [number, number, number][] {
  const last = layers.length - 1;
  const lastLayer = layers[last] as ResolvedDecoderLayer;
  if (lastLayer.filters !== outputShape[2]) {
    throw new NetworkError(
      'NETWORK_BAD_SHAPE',
      `${where}: layers[${last}] has ${lastLayer.filters} filters but outputShape ${formatShape(outputShape)} has ${outputShape[2]} channel(s); the last layer is the output layer: set its filters to ${outputShape[2]}, or append { filters: ${outputShape[2]}, kernelSize: 3, mode: 'conv' }.`,
    );
  }
  const steps: ShapeStep[] = layers.map((l, i) => ({
    label: `layers[${i}]`,
    ops: decoderLayerOps(l),
    filters: l.filters,
  }));
  const shapes = traceConvShapes(where, start, steps);
  const [h, w] = shapes[last] as [number, number, number];
  if (h !== outputShape[0] || w !== outputShape[1]) {
    const ops = steps[last]?.ops ?? [];
    const what = ops.map(describeOp).join(' then ');
    throw new NetworkError(
      'NETWORK_BAD_SHAPE',
      `${where}: layers[${last}] (${what}) gives ${h}×${w} but outputShape is ${outputShape[0]}×${outputShape[1]}: ${hint(layers, [outputShape[0], outputShape[1]], startField)}.`,
    );
  }
  return shapes;
}
