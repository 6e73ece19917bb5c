/**
 * `nextTask()`: a promise that resolves on a later turn of the event loop. A loop that awaits
 * it now and then lets timers and events (progress output, a stop request, a UI event) run:
 * whatever is due runs within the next two calls.
 *
 * `setTimeout(resolve, 0)` does that too, but costs about 1 ms in Node (its minimum delay,
 * during which the process may lose the CPU) and 4 ms in browsers once nested. The
 * training loop yields every few tens of milliseconds, so that cost was several percent
 * of a fast model's training time. Node's `setImmediate` and a `MessageChannel` message
 * (browsers, workers) run on the next turn without a delay.
 */

/** Runs a callback on a later macrotask. */
export type Schedule = (callback: () => void) => void;

/** The globals {@link schedulerFor} looks at. */
export interface SchedulerGlobals {
  setImmediate?: (callback: () => void) => unknown;
  MessageChannel?: typeof MessageChannel;
}

/**
 * The cheapest way to reach the next macrotask with what `g` offers: `setImmediate`
 * (Node), else a `MessageChannel` message (browsers, workers), else `setTimeout(0)`.
 */
export function schedulerFor(g: SchedulerGlobals): Schedule {
  if (typeof g.setImmediate === 'function') {
    const immediate = g.setImmediate;
    return (callback) => {
      immediate(callback);
    };
  }
  if (typeof g.MessageChannel === 'function') {
    const channel = new g.MessageChannel();
    const waiting: (() => void)[] = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    // Where ports can hold a process open (Node), this one must not.
    (channel.port1 as { unref?: () => void }).unref?.();
    return (callback) => {
      waiting.push(callback);
      channel.port2.postMessage(null);
    };
  }
  return (callback) => {
    setTimeout(callback, 0);
  };
}

const schedule = schedulerFor(globalThis as SchedulerGlobals);

/** Resolves on a later macrotask (a later turn of the event loop). */
export function nextTask(): Promise<void> {
  return new Promise<void>((resolve) => schedule(resolve));
}
