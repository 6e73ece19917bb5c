/**
 * Validation of numeric options and restricted reductions, shared by the losses and the
 * schedules (internal: not exported from the package index). Every check throws a
 * `LossError` whose message names the function, the option, the value and what is expected;
 * the number rules and that sentence are `@ae/core`'s.
 */
import { mustBe, NUMBER_RULE_TEXT, type NumberRule, obeys } from '@ae/core';
import { LossError } from './loss-error.js';
import { assertReduction, type Reduction } from './reduction.js';

/**
 * Throws `LOSS_BAD_OPTION` unless `value` is a number obeying `rule` (`@ae/core`'s number
 * rules: `'finite'`, `'positive'`, `'non-negative'`, `'positive-integer'`, `'open-unit'`, …).
 *
 * @param caller Name of the public function, for the message.
 * @param field Name of the option, e.g. `'variance'`.
 * @param hint What the option means or a typical value, shown after what is expected.
 */
export function checkNumber(
  caller: string,
  field: string,
  value: unknown,
  rule: NumberRule,
  hint?: string,
): asserts value is number {
  if (!obeys(value, rule)) {
    const expected = NUMBER_RULE_TEXT[rule];
    throw new LossError(
      'LOSS_BAD_OPTION',
      mustBe(caller, field, hint === undefined ? expected : `${expected} (${hint})`, value),
    );
  }
}

/** Throws `LOSS_BAD_OPTION` unless `value` is `undefined` or a boolean. */
export function checkBoolean(caller: string, field: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new LossError('LOSS_BAD_OPTION', mustBe(caller, field, 'true or false', value));
  }
}

/**
 * Throws `LOSS_BAD_OPTION` unless `epsilon` is a clipping bound with `0 < ε < 1` that float32
 * can represent (a smaller value would round to 0 and clip nothing).
 */
export function checkEpsilon(caller: string, epsilon: unknown): asserts epsilon is number {
  if (!obeys(epsilon, 'open-unit') || Math.fround(epsilon) === 0) {
    throw new LossError(
      'LOSS_BAD_OPTION',
      mustBe(
        caller,
        'epsilon',
        'a number with 0 < epsilon < 1 that float32 can represent (e.g. the default 1e-7)',
        epsilon,
      ),
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
