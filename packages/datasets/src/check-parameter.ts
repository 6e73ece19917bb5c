/**
 * Range checks for numeric parameters, with messages that name the function, the field
 * and the value. The rules and their wording are `@ae/core`'s; the error is a
 * {@link DatasetError}.
 */

import { mustBe, NUMBER_RULE_TEXT, type NumberRule, obeys } from '@ae/core';
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
  if (!obeys(value, rule)) {
    const message = mustBe(where, field, NUMBER_RULE_TEXT[rule], value);
    throw new DatasetError(
      options.code ?? 'DATASET_BAD_PARAMETER',
      options.hint === undefined ? message : `${message} ${options.hint}`,
    );
  }
  return value;
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
