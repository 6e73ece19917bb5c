/** Codes of {@link NetworkError}. */
export type NetworkErrorCode = 'NETWORK_BAD_ARGUMENT' | 'NETWORK_BAD_SHAPE';

/**
 * An encoder could not be built from its arguments. The message names the field,
 * the value and what is accepted.
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
