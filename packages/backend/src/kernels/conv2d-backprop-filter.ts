/**
 * `Conv2DBackpropFilter` (the gradient of a 2-D convolution with respect to its
 * filter) written with kernels every backend has: Transpose, Conv2D and Slice.
 *
 * For a forward convolution y = conv2d(x, w) with stride s and top/left padding
 * (pt, pl), the filter gradient is
 *
 *   dW[i, j, c, o] = Σ_{b, p, q} x[b, p·s + i − pt, q·s + j − pl, c] · dy[b, p, q, o]
 *
 * which is itself a convolution: the input is x with channels moved to the batch
 * axis ([C, H, W, B]), the filter is dy with the batch moved to the input-channel
 * axis ([P, Q, B, O]) and dilated by s, with stride 1 and the same top/left
 * padding. Its output, [C, ≥kh, ≥kw, O], is cut to [C, kh, kw, O] (rows and
 * columns the forward 'valid' convolution never reached) and transposed to the
 * filter layout [kh, kw, C, O].
 */
import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '../backend-error.js';
import { callKernel, disposeIntermediate, type KernelArgs } from './call-kernel.js';

/** Kernels of the target backend that this kernel is built from. */
export const conv2dBackpropFilterRequires: readonly string[] = [tf.Transpose, tf.Conv2D, tf.Slice];

/** Builds the `Conv2DBackpropFilter` kernel function for backend `backendName`. */
export function makeConv2dBackpropFilter(backendName: string): tf.KernelFunc {
  return (args) => conv2dBackpropFilter(backendName, args as KernelArgs);
}

function conv2dBackpropFilter(
  backendName: string,
  { inputs, backend, attrs }: KernelArgs,
): tf.TensorInfo {
  const { x, dy } = inputs as { x?: tf.TensorInfo; dy?: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = (attrs ??
    {}) as unknown as tf.Conv2DBackpropFilterAttrs;
  if (x === undefined || dy === undefined || x.shape.length !== 4 || dy.shape.length !== 4) {
    throw new BackendError(
      'KERNEL_UNSUPPORTED',
      'Conv2DBackpropFilter expects 4-D inputs x and dy; call it through tf.conv2d gradients.',
    );
  }
  const channelsLast = dataFormat !== 'NCHW';
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    channelsLast ? 'channelsLast' : 'channelsFirst',
  );
  const [kh, kw, inChannels, outChannels] = filterShape;
  const outH = channelsLast ? (dy.shape[1] as number) : (dy.shape[2] as number);
  const outW = channelsLast ? (dy.shape[2] as number) : (dy.shape[3] as number);
  const { strideHeight: sh, strideWidth: sw, inHeight, inWidth } = info;
  const { top, left } = info.padInfo;

  const run = (name: string, ins: tf.NamedTensorInfoMap, a: tf.NamedAttrMap): tf.TensorInfo =>
    callKernel(name, backendName, backend, ins, a);

  // x → [C, H, W, B]; dy → [P, Q, B, O].
  const xT = run(tf.Transpose, { x }, { perm: channelsLast ? [3, 1, 2, 0] : [1, 2, 3, 0] });
  const dyT = run(tf.Transpose, { x: dy }, { perm: channelsLast ? [1, 2, 0, 3] : [2, 3, 0, 1] });

  // Pad bottom/right just enough that the output covers the whole filter window.
  const effH = (outH - 1) * sh + 1;
  const effW = (outW - 1) * sw + 1;
  const padBottom = Math.max(0, kh - 1 + effH - inHeight - top);
  const padRight = Math.max(0, kw - 1 + effW - inWidth - left);
  const conv = run(
    tf.Conv2D,
    { x: xT, filter: dyT },
    {
      strides: [1, 1],
      dilations: [sh, sw],
      pad: [
        [0, 0],
        [top, padBottom],
        [left, padRight],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    },
  );
  disposeIntermediate(backend, xT);
  disposeIntermediate(backend, dyT);

  let window = conv;
  if (conv.shape[1] !== kh || conv.shape[2] !== kw) {
    window = run(
      tf.Slice,
      { x: conv },
      { begin: [0, 0, 0, 0], size: [inChannels, kh, kw, outChannels] },
    );
    disposeIntermediate(backend, conv);
  }
  const dW = run(tf.Transpose, { x: window }, { perm: [1, 2, 0, 3] });
  disposeIntermediate(backend, window);
  return dW;
}
