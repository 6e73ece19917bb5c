/**
 * A faster `Conv2DBackpropInput` (the input gradient of a 2-D convolution, and
 * the forward pass of `tf.conv2dTranspose`) for backends whose own kernel is a
 * slow direct loop while their `Conv2D` is fast (wasm: XNNPACK).
 *
 * dx is a stride-1 convolution of dy, dilated by the forward stride (s − 1 zeros
 * between pixels), with the filter flipped spatially and its channel axes swapped:
 *
 *   dx[b, h, w, c] = Σ_{i, j, o} dyDilated[b, h + pt − i, w + pl − j, o] · W[i, j, c, o]
 *                  = conv2d(dyDilated, flip(W)ᵀ, stride 1, pad top kh − 1 − pt, left kw − 1 − pl)
 *
 * Measured on wasm (1 thread, batch 128): 10× faster at stride 1 (28×28×32:
 * 470 → 52 ms), 2–2.5× at stride 2 with ≥ 4 input channels. The zeros cost s²
 * multiply-adds each, so at stride > 1 with fewer than 4 input channels (e.g. the
 * last, 1-channel transposed convolution of a decoder) the original is kept.
 *
 * The composite also multiplies the padding around dy: of its inH·inW·kh·kw
 * filter taps per channel pair, only those that land on a real dy value are useful
 * ({@link compositeUsefulShare}: 1/s² inside, less at the borders). The original
 * loop does only the useful ones, roughly 10× slower each, so below a useful share
 * of {@link MIN_USEFUL_SHARE} the original is kept. Measured (batch 128, fastest of
 * repeated runs, original → composite; dy channels 64, dx 32 unless said):
 *
 * | dy / filter, stride, padding              | useful share | original | composite |
 * | ----------------------------------------- | ------------ | -------- | --------- |
 * | 1×1 / 7×7, 1, valid                       | 0.020        | 6.9 ms   | 48 ms     |
 * | 1×1 / 5×5, 1, valid                       | 0.040        | 3.5 ms   | 9.4 ms    |
 * | 2×2 / 7×7, 1, valid                       | 0.063        | 35 ms    | 60 ms     |
 * | 1×1 / 3×3, 1, valid                       | 0.111        | 1.3 ms   | 1.8 ms    |
 * | 1×1 / 3×3, 2, same                        | 0.111        | 0.56 ms  | 0.92 ms   |
 * | 2×2 / 5×5, 1, valid                       | 0.111        | 14 ms    | 12 ms     |
 * | 2×2 / 4×4, 1, valid                       | 0.160        | 13 ms    | 6.4 ms    |
 * | 2×2 / 3×3, 2, same                        | 0.174        | 3.4 ms   | 2.3 ms    |
 * | 7×7 / 3×3, 2, same                        | 0.227        | 56 ms    | 22 ms     |
 * | 14×14 / 3×3, 2, same (dy 32, dx 16)       | 0.238        | 65 ms    | 23 ms     |
 * | 2×2 / 3×3, 1, valid                       | 0.250        | 4.9 ms   | 2.2 ms    |
 * | 3×3 / 3×3, 1, valid                       | 0.360        | 11 ms    | 3.5 ms    |
 * | 28×28 / 3×3, 1, same (dy 32, dx 32)       | 0.953        | 644 ms   | 43 ms     |
 *
 * The 1×1 / 7×7 case matters: it is the input gradient of the last convolution
 * of a strided convolutional encoder and the forward pass of its decoder's first
 * transposed convolution (7×7×32 from a 1×1×64 code).
 */
import * as tf from '@tensorflow/tfjs-core';
import { callKernel, disposeIntermediate, type KernelArgs } from './call-kernel.js';

/** Kernels of the target backend that this kernel is built from. */
export const conv2dBackpropInputRequires: readonly string[] = [
  tf.PadV2,
  tf.Reverse,
  tf.Transpose,
  tf.Slice,
  tf.Conv2D,
];

/** Below this many input channels a strided case goes to the original kernel. */
const MIN_CHANNELS_WHEN_STRIDED = 4;

/** Below this share of useful multiply-adds the composite goes to the original kernel. */
export const MIN_USEFUL_SHARE = 0.15;

/** Of the `inSize · k` taps along one axis, how many fall on one of the `outSize` dy values. */
function usefulTaps(
  outSize: number,
  inSize: number,
  k: number,
  stride: number,
  pad: number,
): number {
  let taps = 0;
  for (let p = 0; p < outSize; p++) {
    const first = p * stride - pad;
    taps += Math.max(0, Math.min(first + k, inSize) - Math.max(first, 0));
  }
  return taps;
}

/**
 * The share of the composite's multiply-adds that meet a real dy value rather than
 * a zero of the padding or of the stride dilation: the original kernel's work over
 * the composite's. 1 for a stride-1 'same' convolution away from the borders,
 * about 1/s² at stride s, 1/(kh·kw) for a 1×1 dy under a 'valid' kh×kw filter.
 */
export function compositeUsefulShare(info: tf.backend_util.Conv2DInfo): number {
  const rows = usefulTaps(
    info.outHeight,
    info.inHeight,
    info.filterHeight,
    info.strideHeight,
    info.padInfo.top,
  );
  const cols = usefulTaps(
    info.outWidth,
    info.inWidth,
    info.filterWidth,
    info.strideWidth,
    info.padInfo.left,
  );
  return (rows * cols) / (info.inHeight * info.filterHeight * info.inWidth * info.filterWidth);
}

/**
 * Builds the kernel for `backendName`; `original` runs the cases the composite
 * does not take (channels-first data, few channels at stride > 1, a small dy under
 * a large filter: see {@link compositeUsefulShare}).
 */
export function makeConv2dBackpropInput(
  backendName: string,
  original: tf.KernelFunc,
): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const { dy, filter } = inputs as { dy?: tf.TensorInfo; filter?: tf.TensorInfo };
    const a = (attrs ?? {}) as unknown as tf.Conv2DBackpropInputAttrs;
    if (
      dy === undefined ||
      filter === undefined ||
      a.dataFormat === 'NCHW' ||
      dy.shape.length !== 4
    ) {
      return original(args);
    }
    const info = tf.backend_util.computeConv2DInfo(
      a.inputShape,
      filter.shape as [number, number, number, number],
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
    );
    const strided = info.strideHeight > 1 || info.strideWidth > 1;
    if (strided && info.inChannels < MIN_CHANNELS_WHEN_STRIDED) return original(args);
    if (compositeUsefulShare(info) < MIN_USEFUL_SHARE) return original(args);
    return composite(backendName, backend, dy, filter, info);
  };
}

function composite(
  backendName: string,
  backend: tf.KernelBackend,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const run = (name: string, ins: tf.NamedTensorInfoMap, a: tf.NamedAttrMap): tf.TensorInfo =>
    callKernel(name, backendName, backend, ins, a);
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const { inHeight, inWidth } = info;
  const [batch, outH, outW, outChannels] = dy.shape as [number, number, number, number];
  const owned: tf.TensorInfo[] = [];

  // Dilate: view dy as [B, P, 1, Q, 1, O], pad the unit axes to s, view as [B, P·s, Q·s, O].
  let dyDil = dy;
  if (sh > 1 || sw > 1) {
    const view = {
      dataId: dy.dataId,
      shape: [batch, outH, 1, outW, 1, outChannels],
      dtype: dy.dtype,
    };
    const padded = run(
      tf.PadV2,
      { x: view },
      {
        paddings: [
          [0, 0],
          [0, 0],
          [0, sh - 1],
          [0, 0],
          [0, sw - 1],
          [0, 0],
        ],
        constantValue: 0,
      },
    );
    owned.push(padded);
    dyDil = {
      dataId: padded.dataId,
      shape: [batch, outH * sh, outW * sw, outChannels],
      dtype: dy.dtype,
    };
  }

  // Padding of the stride-1 convolution; negative amounts become crops of dyDil.
  const top = kh - 1 - info.padInfo.top;
  const left = kw - 1 - info.padInfo.left;
  const cropTop = Math.max(0, -top);
  const cropLeft = Math.max(0, -left);
  const rows = (dyDil.shape[1] as number) - cropTop;
  const cols = (dyDil.shape[2] as number) - cropLeft;
  const bottom = inHeight + kh - 1 - Math.max(0, top) - rows;
  const right = inWidth + kw - 1 - Math.max(0, left) - cols;
  if (cropTop > 0 || cropLeft > 0 || bottom < 0 || right < 0) {
    const cropped = run(
      tf.Slice,
      { x: dyDil },
      {
        begin: [0, cropTop, cropLeft, 0],
        size: [batch, rows + Math.min(0, bottom), cols + Math.min(0, right), outChannels],
      },
    );
    owned.push(cropped);
    dyDil = cropped;
  }

  // flip(W)ᵀ: [kh, kw, C, O] → reversed in space → [kh, kw, O, C].
  const flipped = run(tf.Reverse, { x: filter }, { dims: [0, 1] });
  owned.push(flipped);
  const kernel = run(tf.Transpose, { x: flipped }, { perm: [0, 1, 3, 2] });
  owned.push(kernel);

  const dx = run(
    tf.Conv2D,
    { x: dyDil, filter: kernel },
    {
      strides: [1, 1],
      dilations: [1, 1],
      pad: [
        [0, 0],
        [Math.max(0, top), Math.max(0, bottom)],
        [Math.max(0, left), Math.max(0, right)],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    },
  );
  for (const t of owned) disposeIntermediate(backend, t);
  return dx;
}
