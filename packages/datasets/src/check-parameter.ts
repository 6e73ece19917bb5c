/**
 * Range checks for numeric parameters, with messages that name the function,
 * the field and the value.
 */

import { DatasetError } from './dataset-error.js';

function bad(where: string, field: string, value: unknown, expected: string): DatasetError {
  return new DatasetError(
    'DATASET_BAD_PARAMETER',
    `${where}: ${field} must be ${expected}, got ${String(value)}.`,
  );
}

/** Throws `DATASET_BAD_PARAMETER` unless `value` is a number in [0, 1]. */
export function checkProbability(where: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw bad(where, field, value, 'a number in [0, 1]');
  }
  return value;
}

/** Throws `DATASET_BAD_PARAMETER` unless `value` is a finite number ≥ 0. */
export function checkNonNegative(where: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw bad(where, field, value, 'a finite number ≥ 0');
  }
  return value;
}

/** Throws `DATASET_BAD_PARAMETER` unless `value` is an integer ≥ 1. */
export function checkPositiveInteger(where: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw bad(where, field, value, 'an integer ≥ 1');
  }
  return value;
}

/** Throws `DATASET_BAD_PARAMETER` unless `value` is a finite number. */
export function checkFinite(where: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw bad(where, field, value, 'a finite number');
  }
  return value;
}
