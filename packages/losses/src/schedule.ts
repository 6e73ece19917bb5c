/**
 * Weight and capacity schedules: pure functions of the training step that return plain
 * numbers (no tensors), e.g. the β of a KL term or the capacity C of `capacityKl`.
 */

import { describeValue, mustBe, obeys } from '@ae/core';
import { LossError } from './loss-error.js';
import { checkNumber } from './option-check.js';

/**
 * A schedule: the value of a hyper-parameter at a training step. `step` is a finite
 * number ≥ 0 (usually the 0-based optimizer step; fractional steps such as epoch fractions
 * are allowed). Pure: the same step always gives the same value. Throws a `LossError` with
 * code `LOSS_BAD_STEP` for a negative or non-finite step.
 */
export type Schedule = (step: number) => number;

function checkStep(caller: string, step: unknown): asserts step is number {
  if (!obeys(step, 'non-negative')) {
    throw new LossError(
      'LOSS_BAD_STEP',
      mustBe(caller, 'step', 'the training step, a finite number ≥ 0 (0 for the first step)', step),
    );
  }
}

/**
 * A schedule that is `value` at every step.
 *
 * @param value Any finite number.
 * @throws LossError `LOSS_BAD_OPTION` if `value` is not finite.
 */
export function constantSchedule(value: number): Schedule {
  const caller = 'constantSchedule';
  checkNumber(caller, 'value', value, 'finite');
  return (step) => {
    checkStep(caller, step);
    return value;
  };
}

/** Options of {@link linearWarmup}. */
export interface LinearWarmupOptions {
  /** Value up to and including step `delay`. Default 0. */
  from?: number;
  /** Value from step `delay + steps` on. Default 1. May be below `from` (a linear decay). */
  to?: number;
  /** Number of steps the value takes to move from `from` to `to`; > 0. Required. */
  steps: number;
  /** Number of steps the value stays at `from` before it starts moving; ≥ 0. Default 0. */
  delay?: number;
}

/** The linear ramp shared by {@link linearWarmup} and {@link linearCapacity}. */
function linearRamp(
  caller: string,
  from: number,
  to: number,
  steps: number,
  delay: number,
): Schedule {
  return (step) => {
    checkStep(caller, step);
    if (step <= delay) return from;
    if (step >= delay + steps) return to;
    return from + ((to - from) * (step - delay)) / steps;
  };
}

/**
 * KL warm-up (a linear ramp): `from` until step `delay`, then linear to `to` over `steps`
 * steps, then `to` forever:
 *
 * `value(s) = from + (to − from) · clamp((s − delay) / steps, 0, 1)`
 *
 * E.g. `linearWarmup({ steps: 1000 })` gives 0 at step 0, 0.5 at step 500, 1 from step 1000.
 *
 * @throws LossError `LOSS_BAD_OPTION` naming the option (from/to not finite, steps not > 0,
 *   delay not ≥ 0).
 */
export function linearWarmup(options: LinearWarmupOptions): Schedule {
  const caller = 'linearWarmup';
  const { from = 0, to = 1, steps, delay = 0 } = (options ?? {}) as Partial<LinearWarmupOptions>;
  checkNumber(caller, 'from', from, 'finite', 'the value before the ramp');
  checkNumber(caller, 'to', to, 'finite', 'the value after the ramp');
  checkNumber(caller, 'steps', steps, 'positive', 'the length of the ramp in steps');
  checkNumber(caller, 'delay', delay, 'non-negative', 'steps to wait before the ramp');
  return linearRamp(caller, from, to, steps, delay);
}

/** Options of {@link linearCapacity}. */
export interface LinearCapacityOptions {
  /** Capacity in nats at the start; ≥ 0. Default 0. */
  from?: number;
  /** Capacity in nats reached after `steps` steps and kept; ≥ 0. Default 25. */
  to?: number;
  /** Number of steps to move from `from` to `to`; > 0. Required. */
  steps: number;
  /** Steps to stay at `from` first; ≥ 0. Default 0. */
  delay?: number;
}

/**
 * The capacity C of {@link capacityKl}, increased linearly (Burgess et al. 2018): `from`
 * nats at step `delay`, `to` nats from step `delay + steps` on, linear in between. The same
 * ramp as {@link linearWarmup} with capacity defaults (0 → 25 nats) and capacities ≥ 0.
 *
 * @throws LossError `LOSS_BAD_OPTION` naming the option (from/to negative or not finite,
 *   steps not > 0, delay not ≥ 0).
 */
export function linearCapacity(options: LinearCapacityOptions): Schedule {
  const caller = 'linearCapacity';
  const { from = 0, to = 25, steps, delay = 0 } = (options ?? {}) as Partial<LinearCapacityOptions>;
  checkNumber(caller, 'from', from, 'non-negative', 'the starting capacity in nats');
  checkNumber(caller, 'to', to, 'non-negative', 'the final capacity in nats, e.g. 25');
  checkNumber(caller, 'steps', steps, 'positive', 'the length of the ramp in steps');
  checkNumber(caller, 'delay', delay, 'non-negative', 'steps to wait before the ramp');
  return linearRamp(caller, from, to, steps, delay);
}

/** Options of {@link cyclicalAnnealing}. Give exactly one of `cycles` and `period`. */
export interface CyclicalAnnealingOptions {
  /** Number of cycles M in `totalSteps` (an integer ≥ 1); the period is `totalSteps / M`. */
  cycles?: number;
  /** Length of one cycle in steps (> 0), instead of `cycles`. */
  period?: number;
  /**
   * Fraction R of each cycle during which the value rises, in (0, 1]; it stays at `to` for
   * the rest of the cycle. Default 0.5 (Fu et al. 2019).
   */
  ratio?: number;
  /** Value at the start of every cycle. Default 0. */
  from?: number;
  /** Value reached after the rising part of every cycle. Default 1. */
  to?: number;
  /**
   * Total number of training steps T (> 0). Required with `cycles`; optional with `period`.
   * From step T on the value stays at `to` (no new cycle starts).
   */
  totalSteps?: number;
}

/**
 * Cyclical annealing of a KL weight (Fu et al. 2019, "Cyclical Annealing Schedule: A Simple
 * Approach to Mitigating KL Vanishing"): training is split into cycles of equal length P;
 * within each, the value rises linearly from `from` to `to` over the first `ratio` of the
 * cycle and then stays at `to`:
 *
 * `τ = frac(s / P)`, `value(s) = from + (to − from) · min(1, τ / ratio)`, and `to` for s ≥ T.
 *
 * E.g. `{ cycles: 4, totalSteps: 100 }` (P = 25, ratio ½): 0 at steps 0, 25, 50, 75; 0.5 at
 * 6.25; 1 for 12.5 ≤ s < 25 (and likewise in every cycle); 1 from step 100 on. With `cycles`, `s / P` is computed as
 * `s · M / T`, so cycle starts fall exactly on their step even when P is not an integer.
 *
 * @throws LossError `LOSS_BAD_OPTION` naming the option (both or neither of cycles and
 *   period, cycles without totalSteps, cycles not an integer ≥ 1, period or totalSteps not
 *   > 0, ratio not in (0, 1], from/to not finite).
 */
export function cyclicalAnnealing(options: CyclicalAnnealingOptions): Schedule {
  const caller = 'cyclicalAnnealing';
  const {
    cycles,
    period,
    ratio = 0.5,
    from = 0,
    to = 1,
    totalSteps,
  } = (options ?? {}) as CyclicalAnnealingOptions;
  if ((cycles === undefined) === (period === undefined)) {
    throw new LossError(
      'LOSS_BAD_OPTION',
      `${caller}: got cycles ${describeValue(cycles)} and period ${describeValue(period)}; ` +
        'pass exactly one: cycles (with totalSteps) or period (the cycle length in steps).',
    );
  }
  if (cycles !== undefined) {
    checkNumber(caller, 'cycles', cycles, 'positive-integer', 'the number of cycles, e.g. 4');
    checkNumber(caller, 'totalSteps', totalSteps, 'positive', 'required with cycles');
  } else {
    checkNumber(caller, 'period', period, 'positive', 'the cycle length in steps');
    if (totalSteps !== undefined) {
      checkNumber(caller, 'totalSteps', totalSteps, 'positive', 'the end of the schedule');
    }
  }
  checkNumber(caller, 'ratio', ratio, 'half-open-unit', 'the rising fraction of a cycle');
  checkNumber(caller, 'from', from, 'finite', 'the value at the start of a cycle');
  checkNumber(caller, 'to', to, 'finite', 'the value after the rise');
  return (step) => {
    checkStep(caller, step);
    if (totalSteps !== undefined && step >= totalSteps) return to;
    const u =
      cycles !== undefined ? (step * cycles) / (totalSteps as number) : step / (period as number);
    const tau = u - Math.floor(u);
    if (tau >= ratio) return to;
    return from + ((to - from) * tau) / ratio;
  };
}
