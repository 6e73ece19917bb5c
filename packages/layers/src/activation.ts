/**
 * Activation names accepted by the networks of this package (a subset of the
 * tfjs-layers identifiers).
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
