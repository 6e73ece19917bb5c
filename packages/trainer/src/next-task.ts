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

type Schedule = (callback: () => void) => void;

function pickScheduler(): Schedule {
  const g = globalThis as {
    setImmediate?: (callback: () => void) => unknown;
    MessageChannel?: typeof MessageChannel;
  };
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
    return (callback) => {
      waiting.push(callback);
      channel.port2.postMessage(null);
    };
  }
  return (callback) => {
    setTimeout(callback, 0);
  };
}

const schedule = pickScheduler();

/** Resolves on a later macrotask (a later turn of the event loop). */
export function nextTask(): Promise<void> {
  return new Promise<void>((resolve) => schedule(resolve));
}
