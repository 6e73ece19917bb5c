/**
 * Range checks for numeric parameters, with messages that name the function, the field
 * and the value. The rules and their wording are `@ae/core`'s; the error is a
 * {@link DatasetError}.
 */

import { type NumberRule, numberChecker } from '@ae/core';
import { DatasetError, type DatasetErrorCode } from './dataset-error.js';

/**
 * Throws a `DatasetError` with `code` (default `DATASET_BAD_PARAMETER`) unless `value`
 * obeys `rule`; the message is `"<where>: <field> must be <rule>, got <value>."` followed
 * by `hint` when given.
 */
export function checkRule(
  where: string,
  field: string,
  value: unknown,
  rule: NumberRule,
  options: { code?: DatasetErrorCode; hint?: string } = {},
): number {
  const { code = 'DATASET_BAD_PARAMETER', hint } = options;
  const check = numberChecker(
    (m) => new DatasetError(code, hint === undefined ? m : `${m} ${hint}`),
  );
  return check(where, field, value, rule);
}

/** Throws `DATASET_BAD_PARAMETER` unless `value` is a number in [0, 1]. */
export function checkProbability(where: string, field: string, value: unknown): number {
  return checkRule(where, field, value, 'probability');
}

/** Throws `DATASET_BAD_PARAMETER` unless `value` is a finite number ≥ 0. */
export function checkNonNegative(where: string, field: string, value: unknown): number {
  return checkRule(where, field, value, 'non-negative');
}

/** Throws `DATASET_BAD_PARAMETER` unless `value` is an integer ≥ 1. */
export function checkPositiveInteger(where: string, field: string, value: unknown): number {
  return checkRule(where, field, value, 'positive-integer');
}

/** Throws `DATASET_BAD_PARAMETER` unless `value` is a finite number. */
export function checkFinite(where: string, field: string, value: unknown): number {
  return checkRule(where, field, value, 'finite');
}
