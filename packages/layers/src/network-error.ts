/**
 * Codes of {@link NetworkError}:
 * - `NETWORK_BAD_ARGUMENT`: an argument has the wrong type or is out of range
 *   (the message names the field, the value and what is accepted).
 * - `NETWORK_BAD_SHAPE`: the layers do not fit together: a layer would get an input
 *   smaller than its kernel, produce a non-positive size, or the decoder's last layer
 *   would not produce `outputShape` (the message names the layer, e.g. `layers[2]`,
 *   its input size and why).
 * - `NETWORK_BAD_MODEL`: a model given by the user has inputs or outputs of other shapes
 *   than its role needs (the message shows the expected and the actual shapes).
 */
export type NetworkErrorCode = 'NETWORK_BAD_ARGUMENT' | 'NETWORK_BAD_SHAPE' | 'NETWORK_BAD_MODEL';

/**
 * A network could not be built from its arguments, or a given model does not fit its role.
 * The message names the field or layer, the value and what to do.
 */
export class NetworkError extends Error {
  /** Machine-readable reason. */
  readonly code: NetworkErrorCode;

  constructor(code: NetworkErrorCode, message: string) {
    super(message);
    this.name = 'NetworkError';
    this.code = code;
  }
}
