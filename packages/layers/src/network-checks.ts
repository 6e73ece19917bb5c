/**
 * Argument checks of the network builders. What a number must be, and how a failed check
 * is worded, come from `@ae/core`'s number rules; these functions add the network's name,
 * the field and an example, and throw a {@link NetworkError} `NETWORK_BAD_ARGUMENT`.
 */
import { mustBe, NUMBER_RULE_TEXT, obeys } from '@ae/core';
import { NetworkError } from './network-error.js';

/**
 * Throws a {@link NetworkError} `NETWORK_BAD_ARGUMENT` worded
 * `"<network>: <field> must be <expected>, got <value>."`.
 */
export function badArgument(
  network: string,
  field: string,
  expected: string,
  value: unknown,
): never {
  throw new NetworkError('NETWORK_BAD_ARGUMENT', mustBe(network, field, expected, value));
}

/** Throws a {@link NetworkError} unless `value` is an integer ≥ 1. */
export function checkPositiveInt(network: string, field: string, value: unknown): number {
  if (!obeys(value, 'positive-integer')) {
    badArgument(network, field, NUMBER_RULE_TEXT['positive-integer'], value);
  }
  return value;
}

/** Throws a {@link NetworkError} unless `value` is a list of integers ≥ 1 (layer widths, a shape). */
export function checkWidths(network: string, field: string, value: unknown): number[] {
  if (!Array.isArray(value)) {
    badArgument(network, field, 'an array of layer widths such as [512, 256]', value);
  }
  return value.map((w, i) => checkPositiveInt(network, `${field}[${i}]`, w));
}

/** Throws a {@link NetworkError} unless `value` is a dropout rate in [0, 1). */
export function checkRate(network: string, field: string, value: unknown): number {
  if (!obeys(value, 'rate'))
    badArgument(network, field, `${NUMBER_RULE_TEXT.rate} such as 0.2`, value);
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
    badArgument(network, field, text, value);
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
    badArgument(network, field, '[height, width, channels] such as [28, 28, 1]', value);
  }
  return dims as [number, number, number];
}
