/**
 * Image resampling on typed arrays (platform-neutral): area averaging along an
 * axis that shrinks, bilinear interpolation along an axis that grows, applied
 * separably (rows, then columns).
 */

import { checkRule } from './check-parameter.js';
import { DatasetError } from './dataset-error.js';

/** Source indices and weights (summing to 1) of one output position along an axis. */
interface Tap {
  readonly index: number[];
  readonly weight: number[];
}

/**
 * Weights of each output position along one axis of `inSize` → `outSize` pixels.
 *
 * - Shrinking (`outSize < inSize`): output pixel `o` covers the source interval
 *   [o·s, (o+1)·s) with s = inSize / outSize; each source pixel is weighted by the
 *   length of its overlap with that interval, divided by s (exact area average).
 * - Growing or equal: bilinear with half-pixel centres: the source position is
 *   (o + 0.5)·s − 0.5, clamped to [0, inSize − 1], between its two neighbours.
 *   (Equal sizes give the identity.)
 */
export function axisWeights(inSize: number, outSize: number): Tap[] {
  const scale = inSize / outSize;
  const taps: Tap[] = [];
  for (let o = 0; o < outSize; o++) {
    const index: number[] = [];
    const weight: number[] = [];
    if (outSize < inSize) {
      const start = o * scale;
      const end = (o + 1) * scale;
      for (let i = Math.floor(start); i < Math.min(Math.ceil(end), inSize); i++) {
        const overlap = Math.min(end, i + 1) - Math.max(start, i);
        if (overlap > 0) {
          index.push(i);
          weight.push(overlap / scale);
        }
      }
    } else {
      const position = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), inSize - 1);
      const low = Math.floor(position);
      const high = Math.min(low + 1, inSize - 1);
      const t = position - low;
      index.push(low);
      weight.push(1 - t);
      if (high !== low && t > 0) {
        index.push(high);
        weight.push(t);
      }
    }
    taps.push({ index, weight });
  }
  return taps;
}

function checkSize(what: string, value: unknown): void {
  checkRule('resizeImage', what, value, 'positive-integer', { code: 'DATASET_BAD_OPTIONS' });
}

/**
 * Resizes one image, row-major `[height, width, channels]`, to `[outHeight,
 * outWidth, channels]`: area average along an axis that shrinks, bilinear along an
 * axis that grows (see {@link axisWeights}). Computed in float64, returned as a new
 * Float32Array; values stay within the input's range.
 *
 * @param shape `[height, width, channels]` of `pixels`.
 * @param size `[outHeight, outWidth]`.
 * @throws DatasetError `DATASET_BAD_OPTIONS` for non-positive sizes or a
 *   `pixels` length that is not height × width × channels.
 *
 * @example
 * // 2×2 → 1×1: the mean of the four pixels.
 * resizeImage(new Float32Array([0, 1, 2, 3]), [2, 2, 1], [1, 1]); // [1.5]
 */
export function resizeImage(
  pixels: ArrayLike<number>,
  shape: readonly [number, number, number],
  size: readonly [number, number],
): Float32Array {
  const [height, width, channels] = shape;
  const [outHeight, outWidth] = size;
  checkSize('height', height);
  checkSize('width', width);
  checkSize('channels', channels);
  checkSize('output height', outHeight);
  checkSize('output width', outWidth);
  if (pixels.length !== height * width * channels) {
    throw new DatasetError(
      'DATASET_BAD_OPTIONS',
      `resizeImage: pixels has ${pixels.length} values, expected ${height} × ${width} × ${channels} = ${height * width * channels}.`,
    );
  }
  if (outHeight === height && outWidth === width) return Float32Array.from(pixels);

  // Pass 1: resample each row to outWidth → [height, outWidth, channels].
  const columns = axisWeights(width, outWidth);
  const rows = new Float64Array(height * outWidth * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < outWidth; x++) {
      const { index, weight } = columns[x] as Tap;
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let k = 0; k < index.length; k++) {
          sum +=
            (weight[k] as number) *
            (pixels[(y * width + (index[k] as number)) * channels + c] as number);
        }
        rows[(y * outWidth + x) * channels + c] = sum;
      }
    }
  }
  // Pass 2: resample each column to outHeight.
  const lines = axisWeights(height, outHeight);
  const out = new Float32Array(outHeight * outWidth * channels);
  const stride = outWidth * channels;
  for (let y = 0; y < outHeight; y++) {
    const { index, weight } = lines[y] as Tap;
    for (let i = 0; i < stride; i++) {
      let sum = 0;
      for (let k = 0; k < index.length; k++) {
        sum += (weight[k] as number) * (rows[(index[k] as number) * stride + i] as number);
      }
      out[y * stride + i] = sum;
    }
  }
  return out;
}
