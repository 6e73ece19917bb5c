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

/** Throws a {@link NetworkError} unless `value` is a positive integer. */
export function checkPositiveInt(network: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new NetworkError(
      'NETWORK_BAD_ARGUMENT',
      `${network}: ${field} must be a positive integer, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** Throws a {@link NetworkError} unless `value` is a list of positive integers. */
export function checkWidths(network: string, field: string, value: unknown): number[] {
  if (!Array.isArray(value)) {
    throw new NetworkError(
      'NETWORK_BAD_ARGUMENT',
      `${network}: ${field} must be an array of layer widths such as [512, 256], got ${JSON.stringify(value)}.`,
    );
  }
  return value.map((w, i) => checkPositiveInt(network, `${field}[${i}]`, w));
}

/** Throws a {@link NetworkError} unless `value` is a dropout rate in [0, 1). */
export function checkRate(network: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new NetworkError(
      'NETWORK_BAD_ARGUMENT',
      `${network}: ${field} must be a rate in [0, 1) such as 0.2, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** Throws a {@link NetworkError} unless `value` is one of `allowed`. */
export function checkOneOf<T extends string>(
  network: string,
  field: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (!allowed.includes(value as T)) {
    const list = allowed.map((a) => `'${a}'`);
    const text = list.length === 2 ? `${list[0]} or ${list[1]}` : `one of ${list.join(', ')}`;
    throw new NetworkError(
      'NETWORK_BAD_ARGUMENT',
      `${network}: ${field} must be ${text}, got ${JSON.stringify(value)}.`,
    );
  }
  return value as T;
}

/** Throws a {@link NetworkError} unless `value` is an `[height, width, channels]` shape. */
export function checkImageShape(
  network: string,
  field: string,
  value: unknown,
): [number, number, number] {
  const dims = checkWidths(network, field, value);
  if (dims.length !== 3) {
    throw new NetworkError(
      'NETWORK_BAD_ARGUMENT',
      `${network}: ${field} must be [height, width, channels] such as [28, 28, 1], got ${JSON.stringify(value)}.`,
    );
  }
  return dims as [number, number, number];
}
