/**
 * Learning-rate schedules: functions of the 0-based optimizer step, like the loss-weight
 * schedules of `@ae/losses` (a `Schedule`), so either kind can drive `learningRate`.
 */
import type { Schedule } from '@ae/losses';
import { TrainingError } from './training-error.js';

function check(where: string, name: string, value: unknown, ok: boolean, expected: string): void {
  if (!ok) {
    throw new TrainingError(
      'TRAIN_BAD_OPTION',
      `${where}: ${name} must be ${expected}, got ${JSON.stringify(value)}.`,
    );
  }
}

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** Options of {@link exponentialDecay}. */
export interface ExponentialDecayOptions {
  /** Learning rate at step 0. */
  initial: number;
  /** Factor applied every `steps` steps, in (0, 1]. */
  rate: number;
  /** Steps per factor of `rate`. */
  steps: number;
  /** Decay in whole jumps every `steps` steps instead of smoothly; default false. */
  staircase?: boolean;
}

/**
 * `initial · rate^(step / steps)` (or `rate^⌊step / steps⌋` with `staircase`).
 *
 * @example
 * new Trainer(model, { epochs: 10, learningRate: exponentialDecay({ initial: 1e-3, rate: 0.5, steps: 4690 }) });
 */
export function exponentialDecay(o: ExponentialDecayOptions): Schedule {
  const where = 'exponentialDecay';
  check(where, 'initial', o.initial, positive(o.initial), 'a finite number > 0');
  check(where, 'rate', o.rate, positive(o.rate) && o.rate <= 1, 'a number in (0, 1]');
  check(where, 'steps', o.steps, positive(o.steps), 'a number of steps > 0');
  return (step) => {
    const t = step / o.steps;
    return o.initial * o.rate ** (o.staircase ? Math.floor(t) : t);
  };
}

/** Options of {@link cosineDecay}. */
export interface CosineDecayOptions {
  /** Learning rate at the end of the warm-up (or at step 0 without one). */
  initial: number;
  /** Steps of the whole schedule, warm-up included; the rate stays at `final` afterwards. */
  steps: number;
  /** Learning rate reached at `steps`; default 0. */
  final?: number;
  /** Linear warm-up from 0 over this many steps first; default 0. */
  warmupSteps?: number;
}

/**
 * Cosine annealing (Loshchilov & Hutter 2017, one cycle) from `initial` to `final`, after
 * an optional linear warm-up: `final + ½(initial − final)(1 + cos(π·t))`, t ∈ [0, 1].
 */
export function cosineDecay(o: CosineDecayOptions): Schedule {
  const where = 'cosineDecay';
  const final = o.final ?? 0;
  const warmup = o.warmupSteps ?? 0;
  check(where, 'initial', o.initial, positive(o.initial), 'a finite number > 0');
  check(where, 'steps', o.steps, positive(o.steps), 'a number of steps > 0');
  check(where, 'final', final, Number.isFinite(final) && final >= 0, 'a finite number ≥ 0');
  check(
    where,
    'warmupSteps',
    warmup,
    Number.isFinite(warmup) && warmup >= 0 && warmup < o.steps,
    `a number of steps ≥ 0 and below steps (${o.steps})`,
  );
  return (step) => {
    if (step < warmup) return (o.initial * (step + 1)) / warmup;
    const t = Math.min(1, (step - warmup) / (o.steps - warmup));
    return final + 0.5 * (o.initial - final) * (1 + Math.cos(Math.PI * t));
  };
}
