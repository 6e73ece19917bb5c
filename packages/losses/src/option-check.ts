/**
 * Validation of numeric options and restricted reductions, shared by the losses and the
 * schedules (internal: not exported from the package index). Every check throws a
 * `LossError` whose message names the function, the option, the value and what is expected.
 */
import { LossError } from './loss-error.js';
import { assertReduction, type Reduction } from './reduction.js';

/**
 * What a numeric option must be.
 *
 * - `'finite'`: any finite number.
 * - `'positive'`: finite and > 0.
 * - `'non-negative'`: finite and ≥ 0.
 * - `'positive-integer'`: an integer ≥ 1.
 * - `'open-unit'`: in the open interval (0, 1).
 * - `'half-open-unit'`: in (0, 1].
 */
export type NumberRule =
  | 'finite'
  | 'positive'
  | 'non-negative'
  | 'positive-integer'
  | 'open-unit'
  | 'half-open-unit';

const EXPECTED: Record<NumberRule, string> = {
  finite: 'a finite number',
  positive: 'a finite number > 0',
  'non-negative': 'a finite number ≥ 0',
  'positive-integer': 'an integer ≥ 1',
  'open-unit': 'a number strictly between 0 and 1',
  'half-open-unit': 'a number with 0 < value ≤ 1',
};

function satisfies(value: number, rule: NumberRule): boolean {
  switch (rule) {
    case 'finite':
      return Number.isFinite(value);
    case 'positive':
      return Number.isFinite(value) && value > 0;
    case 'non-negative':
      return Number.isFinite(value) && value >= 0;
    case 'positive-integer':
      return Number.isInteger(value) && value >= 1;
    case 'open-unit':
      return value > 0 && value < 1;
    case 'half-open-unit':
      return value > 0 && value <= 1;
  }
}

/** Renders a received value for an error message: strings quoted, everything else as text. */
export function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * Throws `LOSS_BAD_OPTION` unless `value` is a number obeying `rule`.
 *
 * @param caller Name of the public function, for the message.
 * @param field Name of the option, e.g. `'variance'`.
 * @param hint What the option means or a typical value, appended to the message.
 */
export function checkNumber(
  caller: string,
  field: string,
  value: unknown,
  rule: NumberRule,
  hint?: string,
): asserts value is number {
  if (typeof value !== 'number' || !satisfies(value, rule)) {
    throw new LossError(
      'LOSS_BAD_OPTION',
      `${caller}: ${field} ${describeValue(value)} is invalid; pass ${EXPECTED[rule]}` +
        `${hint === undefined ? '' : ` (${hint})`}.`,
    );
  }
}

/** Throws `LOSS_BAD_OPTION` unless `value` is `undefined` or a boolean. */
export function checkBoolean(caller: string, field: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new LossError(
      'LOSS_BAD_OPTION',
      `${caller}: ${field} ${describeValue(value)} is invalid; pass true or false.`,
    );
  }
}

/**
 * Throws `LOSS_BAD_OPTION` unless `epsilon` is a clipping bound with `0 < ε < 1` that float32
 * can represent (a smaller value would round to 0 and clip nothing).
 */
export function checkEpsilon(caller: string, epsilon: unknown): asserts epsilon is number {
  if (typeof epsilon !== 'number' || !(epsilon > 0 && epsilon < 1) || Math.fround(epsilon) === 0) {
    throw new LossError(
      'LOSS_BAD_OPTION',
      `${caller}: epsilon ${describeValue(epsilon)} is out of range; use a number with ` +
        '0 < epsilon < 1 that float32 can represent (e.g. the default 1e-7).',
    );
  }
}

/**
 * Throws `LOSS_BAD_REDUCTION` if `reduction` is not a {@link Reduction} at all, and
 * `LOSS_BAD_OPTION` if it is one this function cannot give a meaning to.
 *
 * @param allowed The reductions the function supports, in the order the message lists them.
 * @param why Why the others do not apply, for the message.
 */
export function checkReductionAmong<R extends Reduction>(
  caller: string,
  reduction: unknown,
  allowed: readonly R[],
  why: string,
): asserts reduction is R {
  assertReduction(caller, reduction);
  if (!(allowed as readonly Reduction[]).includes(reduction)) {
    throw new LossError(
      'LOSS_BAD_OPTION',
      `${caller}: reduction "${reduction}" does not apply (${why}); use one of ` +
        `${allowed.map((r) => `"${r}"`).join(', ')}.`,
    );
  }
}
