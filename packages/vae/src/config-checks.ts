/**
 * Checks shared by the model families' configs and network checks (internal: not exported
 * from the package index).
 */
import { describeValue, isNonNegative } from '@ae/core';
import { NetworkError } from '@ae/layers';
import { ModelError } from './model-error.js';

/** Throws the `MODEL_BAD_CONFIG` of `family`'s config naming the field, the value and what is accepted. */
export function badConfig(family: string, field: string, value: unknown, expected: string): never {
  throw new ModelError(
    'MODEL_BAD_CONFIG',
    `${family} config: ${field} must be ${expected}, got ${describeValue(value)}.`,
  );
}

/** Runs a network check (a `NetworkError` of `@ae/layers`), turning its error into `MODEL_BAD_NETWORK`. */
export function asModelError(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof NetworkError) {
      throw new ModelError('MODEL_BAD_NETWORK', error.message, { cause: error });
    }
    throw error;
  }
}

/**
 * The weight of loss term `name` from `LossTermsOptions.weights` (default 1), after checking
 * that every given name is one of `accepted` and every weight a finite number ≥ 0.
 */
export function termWeight(
  where: string,
  weights: Readonly<Record<string, number>> | undefined,
  accepted: readonly string[],
  name: string,
): number {
  if (weights === undefined) return 1;
  for (const [k, v] of Object.entries(weights)) {
    if (!accepted.includes(k)) {
      throw new ModelError(
        'MODEL_BAD_INPUT',
        `${where}: options.weights has no term "${k}" to weigh; this model accepts ${accepted.length ? accepted.map((a) => `"${a}"`).join(', ') : 'none'}.`,
      );
    }
    if (!isNonNegative(v)) {
      throw new ModelError(
        'MODEL_BAD_INPUT',
        `${where}: options.weights.${k} must be a finite number ≥ 0, got ${describeValue(v)}.`,
      );
    }
  }
  return weights[name] ?? 1;
}
