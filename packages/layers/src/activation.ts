import { checkOneOf } from './network-checks.js';

/**
 * Activation names accepted by the networks of `@ae/encoders` and `@ae/decoders` (a subset
 * of the tfjs-layers identifiers).
 */
export type Activation = 'relu' | 'elu' | 'selu' | 'tanh' | 'sigmoid' | 'softplus' | 'linear';

/** Every accepted {@link Activation}, for validation at the edges. */
export const ACTIVATIONS: readonly Activation[] = [
  'relu',
  'elu',
  'selu',
  'tanh',
  'sigmoid',
  'softplus',
  'linear',
];

/** Throws a `NetworkError` `NETWORK_BAD_ARGUMENT` unless `value` is an accepted {@link Activation}. */
export function checkActivation(network: string, field: string, value: unknown): Activation {
  return checkOneOf(network, field, value, ACTIVATIONS);
}
