/**
 * `MaxPoolGrad` for the wasm backend, replacing the built-in one.
 *
 * tfjs-backend-wasm 4.22 starts its running maximum at the smallest *positive*
 * float instead of −∞, so a pooling window whose values are all ≤ 0 sends its
 * gradient to the wrong pixel; ties also go to the last maximum instead of the
 * first (the TensorFlow and tfjs-cpu convention). This kernel routes dy[b, i, j, c]
 * to the first maximum of its window, summing where windows overlap. It is a loop
 * over the wasm heap, channels innermost (contiguous in NHWC).
 */
import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '../backend-error.js';
import type { KernelArgs } from './call-kernel.js';
import { isHeapBackend } from './unsorted-segment-sum.js';

/** The `MaxPoolGrad` kernel function for a heap (wasm) backend. */
export const maxPoolGradHeap: tf.KernelFunc = (args) => {
  const { inputs, backend, attrs } = args as KernelArgs;
  const { dy, input } = inputs as { dy?: tf.TensorInfo; input?: tf.TensorInfo };
  if (
    dy === undefined ||
    input === undefined ||
    input.shape.length !== 4 ||
    !isHeapBackend(backend)
  ) {
    throw new BackendError(
      'KERNEL_UNSUPPORTED',
      'MaxPoolGrad expects 4-D dy and input on the wasm backend; call it through tf.maxPool gradients.',
    );
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
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;

  const dx = backend.makeOutput(input.shape, 'float32');
  // Views are taken after the allocation: growing the heap detaches older views.
  const dxVals = backend.typedArrayFromHeap(dx);
  const xVals = backend.typedArrayFromHeap(input);
  const dyVals = backend.typedArrayFromHeap(dy);
  dxVals.fill(0);
  const best = new Float32Array(channels);
  const bestAt = new Int32Array(channels);
  let dyIndex = 0;
  for (let b = 0; b < batchSize; b++) {
    const batchBase = b * inHeight * inWidth * channels;
    for (let i = 0; i < outHeight; i++) {
      const h0 = i * strideHeight - top;
      const hStart = Math.max(0, h0);
      const hEnd = Math.min(inHeight, h0 + filterHeight);
      for (let j = 0; j < outWidth; j++) {
        const w0 = j * strideWidth - left;
        const wStart = Math.max(0, w0);
        const wEnd = Math.min(inWidth, w0 + filterWidth);
        best.fill(Number.NEGATIVE_INFINITY);
        bestAt.fill(-1);
        for (let h = hStart; h < hEnd; h++) {
          for (let w = wStart; w < wEnd; w++) {
            const base = batchBase + (h * inWidth + w) * channels;
            for (let c = 0; c < channels; c++) {
              const v = xVals[base + c] as number;
              // Strictly greater: the first maximum wins; NaN never does.
              if (v > (best[c] as number)) {
                best[c] = v;
                bestAt[c] = base + c;
              }
            }
          }
        }
        for (let c = 0; c < channels; c++, dyIndex++) {
          const at = bestAt[c] as number;
          if (at >= 0) dxVals[at] = (dxVals[at] as number) + (dyVals[dyIndex] as number);
        }
      }
    }
  }
  return dx;
};
