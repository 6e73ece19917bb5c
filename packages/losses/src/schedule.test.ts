import { describe, expect, it } from 'vitest';
import {
  type CyclicalAnnealingOptions,
  constantSchedule,
  cyclicalAnnealing,
  type LinearWarmupOptions,
  linearCapacity,
  linearWarmup,
  type Schedule,
} from './schedule.js';
import { expectLossError } from './testing.test-helpers.js';

/** Asserts `schedule(step)` for each `[step, value]` pair, to 12 decimals. */
function expectValues(schedule: Schedule, pairs: Array<[number, number]>): void {
  for (const [step, value] of pairs) {
    expect(schedule(step), `step ${step}`).toBeCloseTo(value, 12);
  }
}

describe('constantSchedule', () => {
  it('is the value at every step', () => {
    expectValues(constantSchedule(0.3), [
      [0, 0.3],
      [7.5, 0.3],
      [1e9, 0.3],
    ]);
  });

  it('rejects a non-finite value', () => {
    expectLossError(
      () => constantSchedule(Number.NaN),
      'LOSS_BAD_OPTION',
      'value must be a finite number, got NaN.',
    );
  });
});

describe('linearWarmup', () => {
  it('ramps 0 → 1 over steps (defaults), exact at the ends and the midpoint', () => {
    const s = linearWarmup({ steps: 10 });
    expectValues(s, [
      [0, 0],
      [2.5, 0.25],
      [5, 0.5],
      [10, 1],
      [11, 1],
      [1e6, 1],
    ]);
    expect(s(10)).toBe(1);
  });

  it('waits `delay` steps at `from`, and can decay (to < from)', () => {
    expectValues(linearWarmup({ from: 1, to: 0.2, steps: 4, delay: 2 }), [
      [0, 1],
      [2, 1],
      [3, 0.8], // 1 − 0.8·¼
      [4, 0.6],
      [6, 0.2],
      [100, 0.2],
    ]);
  });
});

describe('linearCapacity', () => {
  it('ramps 0 → 25 nats by default and then holds', () => {
    expectValues(linearCapacity({ steps: 100 }), [
      [0, 0],
      [50, 12.5],
      [100, 25],
      [150, 25],
    ]);
  });

  it('honours from, to and delay', () => {
    expectValues(linearCapacity({ from: 5, to: 10, steps: 10, delay: 3 }), [
      [3, 5],
      [7, 7], // 5 + 5·4/10
      [13, 10],
    ]);
  });
});

describe('cyclicalAnnealing', () => {
  it('4 cycles over 100 steps, ratio ½: rises over half a cycle, then holds; ends at `to`', () => {
    expectValues(cyclicalAnnealing({ cycles: 4, totalSteps: 100 }), [
      [0, 0],
      [3, 0.24], // 3/25 of a cycle, ½ of which rises: 0.12/0.5
      [6.25, 0.5],
      [12.5, 1],
      [20, 1],
      [24, 1],
      [25, 0],
      [30, 0.4],
      [37.5, 1],
      [75, 0],
      [99, 1],
      [100, 1],
      [250, 1],
    ]);
  });

  it('with a period and no total: cycles forever between from and to', () => {
    expectValues(cyclicalAnnealing({ period: 10, ratio: 0.25, from: 0.1, to: 0.9 }), [
      [0, 0.1],
      [1.25, 0.5], // 0.1 + 0.8·(0.125/0.25)
      [2.5, 0.9],
      [9, 0.9],
      [10, 0.1],
      [1e6, 0.1],
    ]);
    expect(cyclicalAnnealing({ period: 10, totalSteps: 30 })(30)).toBe(1);
  });

  it('ratio 1 rises over the whole cycle', () => {
    expectValues(cyclicalAnnealing({ period: 4, ratio: 1 }), [
      [0, 0],
      [2, 0.5],
      [3, 0.75],
      [4, 0],
    ]);
  });

  it('starts each cycle exactly on time when the period is not representable', () => {
    // period 0.1: 0.3 % 0.1 is 0.09999… in floating point, which would give `to`.
    const s = cyclicalAnnealing({ cycles: 10, totalSteps: 1 });
    expect(s(0.3)).toBeCloseTo(0, 12);
    expect(s(0.35)).toBeCloseTo(1, 12);
  });

  it('validates its options, naming the field and the value', () => {
    const bad: Array<[CyclicalAnnealingOptions, string]> = [
      [{ cycles: 2, period: 5, totalSteps: 10 }, 'got cycles 2 and period 5'],
      [{ totalSteps: 10 }, 'got cycles undefined and period undefined'],
      [
        { cycles: 2.5, totalSteps: 10 },
        'cycles must be an integer ≥ 1 (the number of cycles, e.g. 4), got 2.5.',
      ],
      [{ cycles: 0, totalSteps: 10 }, 'cycles must be an integer ≥ 1'],
      [
        { cycles: 2 },
        'totalSteps must be a finite number > 0 (required with cycles), got undefined.',
      ],
      [{ period: 0 }, 'period must be a finite number > 0 (the cycle length in steps), got 0.'],
      [{ period: 5, totalSteps: -1 }, 'totalSteps must be a finite number > 0'],
      [{ period: 5, ratio: 0 }, 'ratio must be a number with 0 < value ≤ 1'],
      [{ period: 5, ratio: 1.5 }, 'ratio must be a number with 0 < value ≤ 1'],
      [{ period: 5, to: Number.POSITIVE_INFINITY }, 'to must be a finite number'],
    ];
    for (const [options, message] of bad) {
      expectLossError(
        () => cyclicalAnnealing(options),
        'LOSS_BAD_OPTION',
        `cyclicalAnnealing: ${message}`,
      );
    }
  });
});

describe('ramp option and step validation', () => {
  it('rejects bad ramp options with LOSS_BAD_OPTION naming field and value', () => {
    const bad: Array<[LinearWarmupOptions, string]> = [
      [{ steps: 0 }, 'steps must be a finite number > 0 (the length of the ramp in steps), got 0.'],
      [{ steps: -5 }, 'steps must be a finite number > 0'],
      [{} as LinearWarmupOptions, 'steps must be a finite number > 0'],
      [{ steps: 10, delay: -1 }, 'delay must be a finite number ≥ 0'],
      [
        { steps: 10, from: Number.NaN },
        'from must be a finite number (the value before the ramp), got NaN.',
      ],
    ];
    for (const [options, message] of bad) {
      expectLossError(() => linearWarmup(options), 'LOSS_BAD_OPTION', `linearWarmup: ${message}`);
    }
    expectLossError(
      () => linearCapacity({ steps: 10, to: -1 }),
      'LOSS_BAD_OPTION',
      'linearCapacity: to must be a finite number ≥ 0',
      'got -1.',
    );
    expectLossError(
      () => linearWarmup(undefined as unknown as LinearWarmupOptions),
      'LOSS_BAD_OPTION',
      'steps must be',
      'got undefined',
    );
  });

  it('every schedule rejects a negative or non-finite step with LOSS_BAD_STEP', () => {
    const schedules: Array<[string, Schedule]> = [
      ['constantSchedule', constantSchedule(1)],
      ['linearWarmup', linearWarmup({ steps: 10 })],
      ['linearCapacity', linearCapacity({ steps: 10 })],
      ['cyclicalAnnealing', cyclicalAnnealing({ period: 10 })],
    ];
    for (const [name, schedule] of schedules) {
      for (const step of [-1, Number.NaN, Number.POSITIVE_INFINITY, '3' as unknown as number]) {
        expectLossError(
          () => schedule(step),
          'LOSS_BAD_STEP',
          `${name}: step must be the training step, a finite number ≥ 0 (0 for the first step), got ${typeof step === 'string' ? '"3"' : String(step)}.`,
        );
      }
    }
  });
});
