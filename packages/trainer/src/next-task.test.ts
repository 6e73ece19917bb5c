import { describe, expect, it } from 'vitest';
import { nextTask, schedulerFor } from './next-task.js';

describe('nextTask', () => {
  it('lets a timer that is due run within two calls', async () => {
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);
    const until = performance.now() + 5;
    while (performance.now() < until) {
      // busy: the timer becomes due
    }
    await nextTask();
    await nextTask();
    order.push('two tasks');
    expect(order).toEqual(['timer', 'two tasks']);
  });

  it('resolves after pending microtasks, not inside the current one', async () => {
    const order: string[] = [];
    const done = nextTask().then(() => order.push('next task'));
    await Promise.resolve();
    order.push('microtask');
    await done;
    expect(order).toEqual(['microtask', 'next task']);
  });
});

describe('schedulerFor', () => {
  const run = (schedule: (callback: () => void) => void) =>
    new Promise<void>((resolve) => schedule(resolve));

  it('uses setImmediate when there is one, not a timer', async () => {
    const calls: string[] = [];
    const schedule = schedulerFor({
      setImmediate: (callback) => {
        calls.push('immediate');
        return setImmediate(callback);
      },
      MessageChannel,
    });
    await run(schedule);
    await run(schedule);
    expect(calls).toEqual(['immediate', 'immediate']);
  });

  it('falls back to a MessageChannel message, in order, when there is no setImmediate', async () => {
    const schedule = schedulerFor({ MessageChannel });
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((k) => run(schedule).then(() => order.push(k))));
    expect(order).toEqual([1, 2, 3]);
  });

  it('falls back to setTimeout with neither', async () => {
    const original = globalThis.setTimeout;
    let timers = 0;
    globalThis.setTimeout = ((callback: () => void, ms?: number) => {
      timers += 1;
      return original(callback, ms);
    }) as typeof setTimeout;
    try {
      await run(schedulerFor({}));
    } finally {
      globalThis.setTimeout = original;
    }
    expect(timers).toBe(1);
  });
});
