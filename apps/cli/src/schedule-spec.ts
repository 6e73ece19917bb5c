/**
 * `--lr-schedule` and `--kl-schedule`: schedules written as `<kind>[:<number>]`, in epochs,
 * turned into functions of the step once the steps per epoch are known.
 */
import { constantSchedule, cyclicalAnnealing, linearWarmup, type Schedule } from '@ae/losses';
import { cosineDecay, exponentialDecay } from '@ae/trainer';
import { InvalidArgumentError } from 'commander';

/** A parsed `--lr-schedule`. */
export type LrScheduleSpec =
  | { kind: 'constant' }
  | { kind: 'cosine'; warmupEpochs: number }
  | { kind: 'exponential'; halfLifeEpochs: number };

/** A parsed `--kl-schedule`. */
export type KlScheduleSpec =
  | { kind: 'constant' }
  | { kind: 'warmup'; epochs: number }
  | { kind: 'cyclical'; cycles: number };

function parts(value: string, forms: string): [string, number | undefined] {
  const [kind = '', arg] = value.split(':');
  if (arg === undefined) return [kind, undefined];
  const n = Number(arg);
  if (arg.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError(
      `'${kind}' needs a number > 0 after the colon. Expected ${forms}.`,
    );
  }
  return [kind, n];
}

const LR_FORMS = 'constant, cosine[:<warm-up epochs>] or exponential:<half-life in epochs>';
const KL_FORMS = 'constant, warmup:<epochs> or cyclical:<cycles>';

/** Parses `--lr-schedule`. */
export function parseLrSchedule(value: string): LrScheduleSpec {
  const [kind, n] = parts(value, LR_FORMS);
  if (kind === 'constant' && n === undefined) return { kind };
  if (kind === 'cosine') return { kind, warmupEpochs: n ?? 0 };
  if (kind === 'exponential' && n !== undefined) return { kind, halfLifeEpochs: n };
  throw new InvalidArgumentError(`Expected ${LR_FORMS}, e.g. cosine or exponential:5.`);
}

/** Parses `--kl-schedule`. */
export function parseKlSchedule(value: string): KlScheduleSpec {
  const [kind, n] = parts(value, KL_FORMS);
  if (kind === 'constant' && n === undefined) return { kind };
  if (kind === 'warmup' && n !== undefined) return { kind, epochs: n };
  if (kind === 'cyclical' && n !== undefined && Number.isInteger(n)) return { kind, cycles: n };
  throw new InvalidArgumentError(`Expected ${KL_FORMS}, e.g. warmup:2 or cyclical:4.`);
}

/** The learning rate as a function of the step, or the plain number for `constant`. */
export function lrSchedule(
  spec: LrScheduleSpec,
  rate: number,
  stepsPerEpoch: number,
  epochs: number,
): number | Schedule {
  switch (spec.kind) {
    case 'constant':
      return rate;
    case 'cosine':
      return cosineDecay({
        initial: rate,
        steps: epochs * stepsPerEpoch,
        warmupSteps: Math.min(
          Math.round(spec.warmupEpochs * stepsPerEpoch),
          epochs * stepsPerEpoch - 1,
        ),
      });
    case 'exponential':
      return exponentialDecay({
        initial: rate,
        rate: 0.5,
        steps: spec.halfLifeEpochs * stepsPerEpoch,
      });
  }
}

/** The weight of the KL term as a function of the step. */
export function klSchedule(spec: KlScheduleSpec, stepsPerEpoch: number, epochs: number): Schedule {
  switch (spec.kind) {
    case 'constant':
      return constantSchedule(1);
    case 'warmup':
      return linearWarmup({ steps: Math.max(1, Math.round(spec.epochs * stepsPerEpoch)) });
    case 'cyclical':
      return cyclicalAnnealing({ cycles: spec.cycles, totalSteps: epochs * stepsPerEpoch });
  }
}
