import { NetworkError } from './network-error.js';

/** Padding of a convolution or pooling: `'same'` keeps ⌈n / stride⌉, `'valid'` uses no padding. */
export type Padding = 'same' | 'valid';

/** One spatial operation, as far as output sizes are concerned. */
export type SpatialOp =
  | {
      /** A 2-D convolution. */
      op: 'conv';
      /** Side of the square kernel. */
      kernelSize: number;
      /** Stride along both axes. */
      strides: number;
      /** Padding mode. */
      padding: Padding;
    }
  | {
      /** A transposed 2-D convolution. */
      op: 'transpose';
      /** Side of the square kernel. */
      kernelSize: number;
      /** Stride along both axes (the upsampling factor). */
      strides: number;
      /** Padding mode. */
      padding: Padding;
    }
  | {
      /** 2×2 max pooling with stride 2. */
      op: 'pool';
      /** Padding mode. */
      padding: Padding;
    }
  | {
      /** Nearest-neighbour upsampling by 2 along both axes. */
      op: 'upsample';
    };

/**
 * Output length along one spatial axis of an input of length `n`:
 *
 * | op | `'same'` | `'valid'` |
 * | --- | --- | --- |
 * | conv (kernel k, stride s) | ⌈n / s⌉ | ⌊(n − k) / s⌋ + 1 |
 * | pool (2×2, stride 2) | ⌈n / 2⌉ | ⌊n / 2⌋ |
 * | transpose (kernel k, stride s) | n · s | n · s + max(k − s, 0), i.e. (n − 1) · s + k when k ≥ s |
 * | upsample | 2n | 2n |
 *
 * These are the sizes tfjs-layers gives. The result may be ≤ 0 (a valid convolution
 * whose kernel is larger than its input); callers decide how to report that.
 */
export function convOutputSize(n: number, op: SpatialOp): number {
  switch (op.op) {
    case 'conv':
      return op.padding === 'same'
        ? Math.ceil(n / op.strides)
        : Math.floor((n - op.kernelSize) / op.strides) + 1;
    case 'pool':
      return op.padding === 'same' ? Math.ceil(n / 2) : Math.floor(n / 2);
    case 'transpose':
      return op.padding === 'same'
        ? n * op.strides
        : n * op.strides + Math.max(op.kernelSize - op.strides, 0);
    case 'upsample':
      return 2 * n;
  }
}

/** Short text of an op for messages, e.g. `conv 3×3, stride 2, same`. */
export function describeOp(op: SpatialOp): string {
  switch (op.op) {
    case 'conv':
    case 'transpose':
      return `${op.op} ${op.kernelSize}×${op.kernelSize}, stride ${op.strides}, ${op.padding}`;
    case 'pool':
      return `max pooling 2×2, ${op.padding}`;
    case 'upsample':
      return 'upsampling ×2';
  }
}

/** `[h, w, c]` as `h×w×c`. */
export function formatShape(shape: readonly number[]): string {
  return shape.join('×');
}

/** One entry of a layer list for {@link traceConvShapes}. */
export interface ShapeStep {
  /** How messages name the entry, e.g. `layers[2]`. */
  label: string;
  /** Its spatial ops, in order (e.g. conv then pool). */
  ops: readonly SpatialOp[];
  /** Output channels of the entry. */
  filters: number;
}

/**
 * Output shape `[h, w, c]` of every step of a convolutional stack, computed before any
 * layer exists. Throws a {@link NetworkError} `NETWORK_BAD_SHAPE` naming the step (its
 * label), its input size and why, when a valid convolution's kernel is larger than its
 * input or a size would become ≤ 0.
 */
export function traceConvShapes(
  network: string,
  input: readonly [number, number, number],
  steps: readonly ShapeStep[],
): [number, number, number][] {
  const out: [number, number, number][] = [];
  let [h, w, c] = input;
  for (const step of steps) {
    for (const op of step.ops) {
      const where = `${network}: ${step.label} (${describeOp(op)}) gets a ${formatShape([h, w, c])} input`;
      if (op.op === 'conv' && op.padding === 'valid' && (op.kernelSize > h || op.kernelSize > w)) {
        throw new NetworkError(
          'NETWORK_BAD_SHAPE',
          `${where}, smaller than its ${op.kernelSize}×${op.kernelSize} kernel; use padding 'same', a smaller kernel or less downsampling before it.`,
        );
      }
      const nh = convOutputSize(h, op);
      const nw = convOutputSize(w, op);
      if (nh <= 0 || nw <= 0) {
        throw new NetworkError(
          'NETWORK_BAD_SHAPE',
          `${where} and would give ${nh}×${nw}; remove this downsampling, use padding 'same' or a larger input.`,
        );
      }
      h = nh;
      w = nw;
    }
    c = step.filters;
    out.push([h, w, c]);
  }
  return out;
}
