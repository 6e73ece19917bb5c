/**
 * The number rules every package checks its arguments against, with the words its errors
 * use. Each package throws its own typed error; what "a positive integer" means, and how a
 * bad value is shown, is decided here once.
 */

/**
 * What a numeric argument must be:
 * - `'finite'`: any finite number;
 * - `'integer'`: a safe integer;
 * - `'positive'`: finite and > 0;
 * - `'non-negative'`: finite and ≥ 0;
 * - `'positive-integer'`: an integer ≥ 1;
 * - `'non-negative-integer'`: an integer ≥ 0;
 * - `'probability'`: in [0, 1];
 * - `'rate'`: in [0, 1) (dropout, masking);
 * - `'open-unit'`: in (0, 1);
 * - `'half-open-unit'`: in (0, 1].
 */
export type NumberRule =
  | 'finite'
  | 'integer'
  | 'positive'
  | 'non-negative'
  | 'positive-integer'
  | 'non-negative-integer'
  | 'probability'
  | 'rate'
  | 'open-unit'
  | 'half-open-unit';

/** How errors say what a rule expects, e.g. `'an integer ≥ 1'`. */
export const NUMBER_RULE_TEXT: Readonly<Record<NumberRule, string>> = {
  finite: 'a finite number',
  integer: 'an integer',
  positive: 'a finite number > 0',
  'non-negative': 'a finite number ≥ 0',
  'positive-integer': 'an integer ≥ 1',
  'non-negative-integer': 'an integer ≥ 0',
  probability: 'a number in [0, 1]',
  rate: 'a number in [0, 1)',
  'open-unit': 'a number strictly between 0 and 1',
  'half-open-unit': 'a number with 0 < value ≤ 1',
};

/** True when `value` is a number obeying `rule`. */
export function obeys(value: unknown, rule: NumberRule): value is number {
  if (typeof value !== 'number') return false;
  switch (rule) {
    case 'finite':
      return Number.isFinite(value);
    case 'integer':
      return Number.isSafeInteger(value);
    case 'positive':
      return Number.isFinite(value) && value > 0;
    case 'non-negative':
      return Number.isFinite(value) && value >= 0;
    case 'positive-integer':
      return Number.isSafeInteger(value) && value >= 1;
    case 'non-negative-integer':
      return Number.isSafeInteger(value) && value >= 0;
    case 'probability':
      return value >= 0 && value <= 1;
    case 'rate':
      return value >= 0 && value < 1;
    case 'open-unit':
      return value > 0 && value < 1;
    case 'half-open-unit':
      return value > 0 && value <= 1;
  }
}

/** True for an integer ≥ 1. */
export const isPositiveInt = (value: unknown): value is number => obeys(value, 'positive-integer');

/** True for a finite number ≥ 0. */
export const isNonNegative = (value: unknown): value is number => obeys(value, 'non-negative');

/**
 * A received value as an error message shows it: numbers and booleans as they are, strings
 * quoted, `undefined` as such, objects and arrays as JSON.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The words of a failed check: `"<where>: <field> must be <expected>, got <value>."`, the
 * sentence every package's errors use.
 */
export function mustBe(where: string, field: string, expected: string, value: unknown): string {
  return `${where}: ${field} must be ${expected}, got ${describeValue(value)}.`;
}

/** A check made by {@link numberChecker}: returns `value` when it obeys `rule`, else throws. */
export type NumberCheck = (
  where: string,
  field: string,
  value: unknown,
  rule: NumberRule,
) => number;

/**
 * A number check that throws what `toError` makes of the {@link mustBe} sentence, so each
 * package raises its own typed error in the shared words.
 *
 * @example
 * const checkNumber = numberChecker((message) => new ModelError('MODEL_BAD_CONFIG', message));
 * checkNumber('VAE config', 'latentDim', 0, 'positive-integer');
 * // throws ModelError 'VAE config: latentDim must be an integer ≥ 1, got 0.'
 */
export function numberChecker(toError: (message: string) => Error): NumberCheck {
  return (where, field, value, rule) => {
    if (!obeys(value, rule)) throw toError(mustBe(where, field, NUMBER_RULE_TEXT[rule], value));
    return value;
  };
}

/** Product of a shape's sizes (1 for `[]`). */
export const shapeSize = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
