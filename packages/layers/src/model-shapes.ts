import type * as tfl from '@tensorflow/tfjs-layers';
import { NetworkError } from './network-error.js';

/** The shapes a model must have to fill a role (see {@link checkModelShapes}). */
export interface ModelShapes {
  /** Shape of every input, batch dimension `null` first, e.g. `[[null, 28, 28, 1]]`. */
  inputs: (number | null)[][];
  /** Shape of every output, batch dimension `null` first. */
  outputs: (number | null)[][];
  /** How messages name the outputs, e.g. `'two tensors [mean, logVar]'`. */
  outputNames: string;
}

/** `[null, 28, 28, 1]`-style text of a symbolic shape. */
export function formatSymbolicShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}

/** The shapes of symbolic tensors as `[[null, 4], [null, 2]]`. */
export function formatShapes(tensors: readonly { shape: readonly (number | null)[] }[]): string {
  return `[${tensors.map((t) => formatSymbolicShape(t.shape)).join(', ')}]`;
}

/**
 * Throws a {@link NetworkError} `NETWORK_BAD_MODEL` unless the model's inputs and outputs
 * are exactly `expected` (batch dimension `null`), naming the role, the expected and the
 * actual shapes. The check behind `checkEncoder` and `checkDecoder`.
 */
export function checkModelShapes(
  model: tfl.LayersModel,
  role: string,
  context: string,
  expected: ModelShapes,
): void {
  const same = (got: readonly { shape: readonly (number | null)[] }[], want: (number | null)[][]) =>
    got.length === want.length &&
    got.every((t, i) => JSON.stringify(t.shape) === JSON.stringify(want[i]));
  const fmt = (s: (number | null)[][]) => `[${s.map(formatSymbolicShape).join(', ')}]`;
  if (!same(model.inputs, expected.inputs)) {
    const n = expected.inputs.length;
    throw new NetworkError(
      'NETWORK_BAD_MODEL',
      `${context}: the ${role} must take ${n} input${n > 1 ? 's' : ''} of shape ${fmt(expected.inputs)}, got ${formatShapes(model.inputs)}.`,
    );
  }
  if (!same(model.outputs, expected.outputs)) {
    throw new NetworkError(
      'NETWORK_BAD_MODEL',
      `${context}: the ${role} must output ${expected.outputNames} of shape ${fmt(expected.outputs)}, got ${formatShapes(model.outputs)}.`,
    );
  }
}
