/**
 * Kernels of the wasm backend computed by the native addon on the tensors' memory in the
 * wasm heap. Each wraps the kernel registered before it (tfjs's own or one of this
 * package's replacements) and hands it every case it does not support (other dtypes,
 * layouts, activations, broadcasts, empty tensors), so a replacement never changes what
 * runs, only where.
 *
 * Rules every kernel here follows: inputs are only read; results go to fresh outputs made
 * with `makeOutput`; heap views are taken after the last allocation of the call (a heap
 * growth detaches older views) and not kept across calls.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelArgs } from '../kernels/call-kernel.js';
import { nearestSources } from '../kernels/resize-nearest-neighbor-grad.js';
import { type HeapBackend, isHeapBackend } from '../kernels/unsorted-segment-sum.js';
import type { NativeAddon } from './native-addon.js';

/** A wasm kernel the addon can take over. */
export interface NativeKernel {
  /** The tfjs kernel name. */
  readonly kernelName: string;
  /** Builds the kernel; `fallback` runs every case the addon does not. */
  make(addon: NativeAddon, fallback: tf.KernelFunc): tf.KernelFunc;
}

type Info = tf.TensorInfo;

const size = (shape: readonly number[]) => tf.util.sizeFromShape(shape as number[]);
const f32 = (b: HeapBackend, t: Info) => b.typedArrayFromHeap(t) as Float32Array;
const allFloat = (...ts: Array<Info | undefined>) =>
  ts.every((t) => t === undefined || t.dtype === 'float32');

/** `[m, n, k]`, the batch count and the element strides of a (batched) matrix product. */
interface ProductPlan {
  m: number;
  n: number;
  k: number;
  batch: number;
  strideA: number;
  strideB: number;
  outShape: number[];
}

/** The product's plan, or undefined when the addon does not support the shapes. */
export function planProduct(
  aShape: readonly number[],
  bShape: readonly number[],
  transposeA: boolean,
  transposeB: boolean,
): ProductPlan | undefined {
  const ra = aShape.length;
  const rb = bShape.length;
  if (ra < 2 || rb < 2) return undefined;
  const [a0, a1] = [aShape[ra - 2] as number, aShape[ra - 1] as number];
  const [b0, b1] = [bShape[rb - 2] as number, bShape[rb - 1] as number];
  const [m, k] = transposeA ? [a1, a0] : [a0, a1];
  const [kb, n] = transposeB ? [b1, b0] : [b0, b1];
  if (k !== kb) return undefined;
  const outerA = aShape.slice(0, -2);
  const outerB = bShape.slice(0, -2);
  const batchA = size(outerA);
  const batchB = size(outerB);
  let outer: number[];
  if (batchA === batchB && outerA.length === outerB.length) outer = [...outerA];
  else if (batchB === 1) outer = outerA.length >= outerB.length ? [...outerA] : [...outerB];
  else if (batchA === 1) outer = outerB.length >= outerA.length ? [...outerB] : [...outerA];
  else return undefined;
  if (size(outer) !== Math.max(batchA, batchB)) return undefined;
  return {
    m,
    n,
    k,
    batch: Math.max(batchA, batchB),
    strideA: batchA === 1 ? 0 : m * k,
    strideB: batchB === 1 ? 0 : k * n,
    outShape: [...outer, m, n],
  };
}

/** True when `bias` adds along the last axis of an `n`-column result (or is one value). */
function biasFits(bias: Info | undefined, n: number): boolean {
  if (bias === undefined) return true;
  const s = size(bias.shape);
  if (s === 1) return true;
  return s === n && bias.shape[bias.shape.length - 1] === n;
}

function activationCode(activation: unknown): number | undefined {
  if (activation === undefined || activation === null || activation === 'linear') return 0;
  if (activation === 'relu') return 1;
  return undefined;
}

function matMulKernel(addon: NativeAddon, fallback: tf.KernelFunc, fused: boolean): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const { a, b, bias, preluActivationWeights } = inputs as Record<string, Info | undefined>;
    const {
      transposeA = false,
      transposeB = false,
      activation,
    } = (attrs ?? {}) as unknown as Partial<tf._FusedMatMulAttrs>;
    if (a === undefined || b === undefined || !isHeapBackend(backend)) return fallback(args);
    const relu = fused ? activationCode(activation) : 0;
    const plan = planProduct(a.shape, b.shape, transposeA, transposeB);
    if (
      plan === undefined ||
      relu === undefined ||
      preluActivationWeights !== undefined ||
      !allFloat(a, b, bias) ||
      !biasFits(fused ? bias : undefined, plan.n) ||
      plan.m * plan.n * plan.batch === 0
    ) {
      return fallback(args);
    }
    const out = backend.makeOutput(plan.outShape, 'float32');
    addon.matmul(
      f32(backend, a),
      f32(backend, b),
      f32(backend, out),
      fused && bias !== undefined ? f32(backend, bias) : null,
      plan.batch,
      plan.m,
      plan.n,
      plan.k,
      transposeA ? 1 : 0,
      transposeB ? 1 : 0,
      plan.strideA,
      plan.strideB,
      relu,
    );
    return out;
  };
}

/**
 * The input gradient of a convolution with fewer output channels than this stays with wasm
 * (its composite: a convolution of dy with the flipped filter, which runs natively again):
 * as one im2col + sgemm it is a matrix–vector product over the whole im2col copy. The
 * forward convolution and the filter gradient of such layers (e.g. the 32 → 1-channel
 * output layer of a conv decoder) run the addon's direct loops instead.
 */
export const MIN_NATIVE_CONV_OUT_CHANNELS = 8;

/** The 15 dimensions the addon's convolutions take, or undefined when unsupported. */
export function convDims(info: tf.backend_util.Conv2DInfo): number[] | undefined {
  if (info.dataFormat !== 'channelsLast' || info.inChannels !== info.filterShape?.[2]) {
    return undefined;
  }
  const dims = [
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.outChannels,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padInfo.top,
    info.padInfo.left,
  ];
  if (dims.slice(0, 13).some((d) => !(d > 0))) return undefined;
  return dims;
}

/** The attributes of a convolution kernel that fix its geometry (gradients have no dilation). */
type ConvAttrs = Pick<tf.Conv2DAttrs, 'strides' | 'pad' | 'dimRoundingMode' | 'dataFormat'> & {
  dilations?: tf.Conv2DAttrs['dilations'];
};

/** tfjs's geometry of the convolution of `xShape` by `filterShape` under `a`. */
function convInfo(
  xShape: readonly number[],
  filterShape: readonly number[],
  a: ConvAttrs,
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    a.strides,
    a.dilations ?? 1,
    a.pad,
    a.dimRoundingMode,
    false,
    a.dataFormat === 'NCHW' ? 'channelsFirst' : 'channelsLast',
  );
}

function conv2dKernel(addon: NativeAddon, fallback: tf.KernelFunc, fused: boolean): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const { x, filter, bias, preluActivationWeights } = inputs as Record<string, Info | undefined>;
    const a = (attrs ?? {}) as unknown as tf.FusedConv2DAttrs;
    if (x === undefined || filter === undefined || !isHeapBackend(backend)) return fallback(args);
    const relu = fused ? activationCode(a.activation) : 0;
    if (
      x.shape.length !== 4 ||
      filter.shape.length !== 4 ||
      relu === undefined ||
      preluActivationWeights !== undefined ||
      !allFloat(x, filter, bias)
    ) {
      return fallback(args);
    }
    const info = convInfo(x.shape, filter.shape, a);
    const dims = convDims(info);
    if (dims === undefined || !biasFits(fused ? bias : undefined, info.outChannels)) {
      return fallback(args);
    }
    const out = backend.makeOutput(info.outShape, 'float32');
    addon.conv2d(
      f32(backend, x),
      f32(backend, filter),
      f32(backend, out),
      fused && bias !== undefined ? f32(backend, bias) : null,
      ...dims,
      relu,
    );
    return out;
  };
}

function conv2dBackpropInputKernel(addon: NativeAddon, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const { dy, filter } = inputs as Record<string, Info | undefined>;
    const a = (attrs ?? {}) as unknown as tf.Conv2DBackpropInputAttrs;
    if (
      dy === undefined ||
      filter === undefined ||
      !isHeapBackend(backend) ||
      dy.shape.length !== 4 ||
      filter.shape.length !== 4 ||
      a.inputShape?.length !== 4 ||
      !allFloat(dy, filter)
    ) {
      return fallback(args);
    }
    const info = convInfo(a.inputShape, filter.shape, a);
    const dims = convDims(info);
    if (
      dims === undefined ||
      info.outChannels < MIN_NATIVE_CONV_OUT_CHANNELS ||
      size(info.outShape) !== size(dy.shape)
    ) {
      return fallback(args);
    }
    const dx = backend.makeOutput([...a.inputShape], 'float32');
    addon.conv2d_backprop_input(f32(backend, dy), f32(backend, filter), f32(backend, dx), ...dims);
    return dx;
  };
}

function conv2dBackpropFilterKernel(addon: NativeAddon, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const { x, dy } = inputs as Record<string, Info | undefined>;
    const a = (attrs ?? {}) as unknown as tf.Conv2DBackpropFilterAttrs;
    if (
      x === undefined ||
      dy === undefined ||
      !isHeapBackend(backend) ||
      x.shape.length !== 4 ||
      dy.shape.length !== 4 ||
      a.filterShape?.length !== 4 ||
      !allFloat(x, dy)
    ) {
      return fallback(args);
    }
    const info = convInfo(x.shape, a.filterShape, a);
    const dims = convDims(info);
    if (dims === undefined || size(info.outShape) !== size(dy.shape)) return fallback(args);
    const dw = backend.makeOutput([...a.filterShape], 'float32');
    addon.conv2d_backprop_filter(f32(backend, x), f32(backend, dy), f32(backend, dw), ...dims);
    return dw;
  };
}

/**
 * `Sum` over one run of consecutive axes, viewed as `[outer, rows, cols]` summed over
 * `rows`: over leading axes (the bias gradients: dy summed over batch and pixels) and middle
 * axes (the block sums of an upsampling gradient) as column sums, which wasm computes only
 * after a full transpose; over trailing or all axes (a loss per example, a total) as row
 * sums in SIMD, which wasm adds one element at a time. Other axis sets stay with wasm.
 */
function sumKernel(addon: NativeAddon, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const { x } = inputs as Record<string, Info | undefined>;
    const { axis, keepDims = false } = (attrs ?? {}) as unknown as tf.SumAttrs;
    if (x === undefined || !isHeapBackend(backend) || x.dtype !== 'float32') return fallback(args);
    const axes = [...tf.util.parseAxisParam(axis, x.shape as number[])].sort((p, q) => p - q);
    const first = axes[0];
    const consecutive = first !== undefined && axes.every((v, i) => v === first + i);
    if (!consecutive || size(x.shape) === 0) return fallback(args);
    const end = first + axes.length;
    const outer = size(x.shape.slice(0, first));
    const rows = size(x.shape.slice(first, end));
    const cols = size(x.shape.slice(end));
    const outShape = x.shape.flatMap((d, i) =>
      i >= first && i < end ? (keepDims ? [1] : []) : [d],
    );
    const out = backend.makeOutput(outShape, 'float32');
    if (cols === 1) addon.sum_inner(f32(backend, x), f32(backend, out), outer, rows);
    else addon.sum_rows(f32(backend, x), f32(backend, out), outer, rows, cols);
    return out;
  };
}

function maxPoolGradKernel(addon: NativeAddon, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const { dy, input } = inputs as Record<string, Info | undefined>;
    if (
      dy === undefined ||
      input === undefined ||
      !isHeapBackend(backend) ||
      input.shape.length !== 4 ||
      !allFloat(dy, input)
    ) {
      return fallback(args);
    }
    const { filterSize, strides, pad, dimRoundingMode } = (attrs ??
      {}) as unknown as tf.MaxPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    if (size(info.outShape) !== size(dy.shape) || size(input.shape) === 0) return fallback(args);
    const dx = backend.makeOutput([...input.shape], 'float32');
    addon.max_pool_grad(
      f32(backend, dy),
      f32(backend, input),
      f32(backend, dx),
      info.batchSize,
      info.inHeight,
      info.inWidth,
      info.inChannels,
      info.outHeight,
      info.outWidth,
      info.filterHeight,
      info.filterWidth,
      info.strideHeight,
      info.strideWidth,
      info.padInfo.top,
      info.padInfo.left,
    );
    return dx;
  };
}

function resizeNearestGradKernel(addon: NativeAddon, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const { images, dy } = inputs as Record<string, Info | undefined>;
    if (
      images === undefined ||
      dy === undefined ||
      !isHeapBackend(backend) ||
      images.shape.length !== 4 ||
      dy.shape.length !== 4 ||
      dy.dtype !== 'float32' ||
      size(images.shape) === 0
    ) {
      return fallback(args);
    }
    const { alignCorners = false, halfPixelCenters = false } = (attrs ??
      {}) as Partial<tf.ResizeNearestNeighborGradAttrs>;
    const [batch, inH, inW, depth] = images.shape as [number, number, number, number];
    const [dyBatch, outH, outW, dyDepth] = dy.shape as [number, number, number, number];
    if (dyBatch !== batch || dyDepth !== depth) return fallback(args);
    const rows = nearestSources(inH, outH, alignCorners, halfPixelCenters);
    const cols = nearestSources(inW, outW, alignCorners, halfPixelCenters);
    const dx = backend.makeOutput([...images.shape], 'float32');
    addon.resize_nearest_grad(
      f32(backend, dy),
      f32(backend, dx),
      rows,
      cols,
      batch,
      inH,
      inW,
      depth,
      outH,
      outW,
    );
    return dx;
  };
}

/** True when `n` is 2^j (j ≥ 0). */
const powerOfTwo = (n: number) => Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;

/**
 * Nearest-neighbour upsampling by a power of two per axis (e.g. `UpSampling2D`), without
 * corner alignment or half-pixel centres: then `floor(o · in / out)` is exact in any
 * float precision, so the rows and columns copied are the wasm kernel's. Everything else
 * goes to the fallback.
 */
function resizeNearestKernel(addon: NativeAddon, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const { images } = inputs as Record<string, Info | undefined>;
    const {
      alignCorners = false,
      halfPixelCenters = false,
      size: outSize,
    } = (attrs ?? {}) as Partial<tf.ResizeNearestNeighborAttrs>;
    if (
      images === undefined ||
      !isHeapBackend(backend) ||
      images.shape.length !== 4 ||
      images.dtype !== 'float32' ||
      alignCorners ||
      halfPixelCenters ||
      outSize === undefined ||
      size(images.shape) === 0
    ) {
      return fallback(args);
    }
    const [batch, inH, inW, depth] = images.shape as [number, number, number, number];
    const [outH, outW] = outSize;
    if (!powerOfTwo(outH / inH) || !powerOfTwo(outW / inW)) return fallback(args);
    const rows = nearestSources(inH, outH, false, false);
    const cols = nearestSources(inW, outW, false, false);
    const out = backend.makeOutput([batch, outH, outW, depth], 'float32');
    addon.resize_nearest(
      f32(backend, images),
      f32(backend, out),
      rows,
      cols,
      batch,
      inH,
      inW,
      depth,
      outH,
      outW,
    );
    return out;
  };
}

/**
 * `a + b` where `b` holds one value per entry of `a`'s last axis (a bias: shape `[c]` or
 * `[1, …, 1, c]` of no more axes than `a`); the result has `a`'s shape. Other broadcasts,
 * dtypes and operand orders go to the fallback.
 */
function addKernel(addon: NativeAddon, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend } = args as KernelArgs;
    const { a, b } = inputs as Record<string, Info | undefined>;
    if (a === undefined || b === undefined || !isHeapBackend(backend) || !allFloat(a, b)) {
      return fallback(args);
    }
    const cols = a.shape[a.shape.length - 1];
    const total = size(a.shape);
    const biasLike =
      cols !== undefined &&
      cols > 1 &&
      b.shape.length >= 1 &&
      b.shape.length <= a.shape.length &&
      b.shape[b.shape.length - 1] === cols &&
      size(b.shape) === cols &&
      total > cols;
    if (!biasLike) return fallback(args);
    const out = backend.makeOutput([...a.shape], 'float32');
    addon.add_rows(f32(backend, a), f32(backend, b), f32(backend, out), total / cols, cols);
    return out;
  };
}

/** Every kernel the addon takes over on wasm, in registration order. */
export const nativeKernels: readonly NativeKernel[] = [
  { kernelName: tf.BatchMatMul, make: (addon, f) => matMulKernel(addon, f, false) },
  { kernelName: tf._FusedMatMul, make: (addon, f) => matMulKernel(addon, f, true) },
  { kernelName: tf.Conv2D, make: (addon, f) => conv2dKernel(addon, f, false) },
  { kernelName: tf.FusedConv2D, make: (addon, f) => conv2dKernel(addon, f, true) },
  { kernelName: tf.Conv2DBackpropInput, make: conv2dBackpropInputKernel },
  { kernelName: tf.Conv2DBackpropFilter, make: conv2dBackpropFilterKernel },
  { kernelName: tf.Sum, make: sumKernel },
  { kernelName: tf.MaxPoolGrad, make: maxPoolGradKernel },
  { kernelName: tf.ResizeNearestNeighborGrad, make: resizeNearestGradKernel },
  { kernelName: tf.ResizeNearestNeighbor, make: resizeNearestKernel },
  { kernelName: tf.Add, make: addKernel },
];
