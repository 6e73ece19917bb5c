import * as tfl from '@tensorflow/tfjs-layers';
import { ACTIVATIONS, type Activation } from './activation.js';
import { NetworkError } from './network-error.js';

/** Throws a {@link NetworkError} unless `value` is an accepted {@link Activation}. */
export function checkActivation(network: string, field: string, value: unknown): Activation {
  if (!ACTIVATIONS.includes(value as Activation)) {
    throw new NetworkError(
      'NETWORK_BAD_ARGUMENT',
      `${network}: ${field} must be one of ${ACTIVATIONS.join(', ')}, got ${JSON.stringify(value)}.`,
    );
  }
  return value as Activation;
}

/**
 * Applies dense layers of the given widths in turn (names `dense_0`, `dense_1`, …),
 * each with the activation and a Glorot-uniform initializer seeded from `seed`.
 * Shared by the dense encoder and decoder; also handy in custom networks.
 */
export function denseStack(
  input: tfl.SymbolicTensor,
  options: { hidden: readonly number[]; activation: Activation; seed: number },
): tfl.SymbolicTensor {
  let h = input;
  options.hidden.forEach((units, i) => {
    h = tfl.layers
      .dense({
        units,
        activation: options.activation,
        name: `dense_${i}`,
        kernelInitializer: tfl.initializers.glorotUniform({ seed: options.seed + 10 * (i + 1) }),
      })
      .apply(h) as tfl.SymbolicTensor;
  });
  return h;
}
