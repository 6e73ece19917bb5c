/**
 * `ResizeNearestNeighborGrad`, replacing tfjs-backend-cpu's.
 *
 * tfjs-backend-cpu 4.22 reads dy at the *input's* batch offset (wrong for every
 * batch element after the first) and ignores `halfPixelCenters`. The gradient of
 * a nearest-neighbour resize is a scatter-add: each output pixel's dy goes to the
 * input pixel it was copied from. The source index is computed exactly as the
 * forward kernel computes it, so the two always agree.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '../backend-error.js';
import type { KernelArgs } from './call-kernel.js';

/** For each output row (or column), the input row (or column) it copies. */
export function nearestSources(
  inSize: number,
  outSize: number,
  alignCorners: boolean,
  halfPixelCenters: boolean,
): Int32Array {
  const corners = alignCorners && outSize > 1;
  const scale = (corners ? inSize - 1 : inSize) / (corners ? outSize - 1 : outSize);
  const sources = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const frac = halfPixelCenters ? scale * (o + 0.5) : scale * o;
    let s = Math.min(inSize - 1, alignCorners ? Math.round(frac) : Math.floor(frac));
    if (halfPixelCenters) s = Math.max(0, s);
    sources[o] = s;
  }
  return sources;
}

/** The `ResizeNearestNeighborGrad` kernel function (any backend with readSync/write). */
export const resizeNearestNeighborGrad: tf.KernelFunc = (args) => {
  const { inputs, backend, attrs } = args as KernelArgs;
  const { images, dy } = inputs as { images?: tf.TensorInfo; dy?: tf.TensorInfo };
  if (
    images === undefined ||
    dy === undefined ||
    images.shape.length !== 4 ||
    dy.shape.length !== 4
  ) {
    throw new BackendError(
      'KERNEL_UNSUPPORTED',
      'ResizeNearestNeighborGrad expects 4-D images and dy; call it through tf.image.resizeNearestNeighbor gradients.',
    );
  }
  const { alignCorners = false, halfPixelCenters = false } = (attrs ??
    {}) as Partial<tf.ResizeNearestNeighborGradAttrs>;
  const [batch, inH, inW, depth] = images.shape as [number, number, number, number];
  const [, outH, outW] = dy.shape as [number, number, number, number];
  const rows = nearestSources(inH, outH, alignCorners, halfPixelCenters);
  const cols = nearestSources(inW, outW, alignCorners, halfPixelCenters);
  const dyVals = backend.readSync(dy.dataId) as Float32Array;
  const dx = new Float32Array(batch * inH * inW * depth);
  let k = 0;
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < outH; r++) {
      const rowBase = (b * inH + (rows[r] as number)) * inW;
      for (let c = 0; c < outW; c++) {
        const base = (rowBase + (cols[c] as number)) * depth;
        for (let d = 0; d < depth; d++, k++)
          dx[base + d] = (dx[base + d] as number) + (dyVals[k] as number);
      }
    }
  }
  return {
    dataId: backend.write(dx, images.shape, 'float32'),
    shape: images.shape,
    dtype: 'float32',
  };
};
