/**
 * Runs an async task for the latest value only: while one run is in flight, newer values
 * replace each other and only the last is run next. Dragging through the latent plane asks
 * for far more decodes than a backend can do; this keeps the picture following the pointer.
 */
export function latestOnly<T>(
  run: (value: T) => Promise<void>,
  onError: (error: unknown) => void = (error) => {
    throw error;
  },
): (value: T) => void {
  let busy = false;
  let pending: { value: T } | undefined;
  const next = async (value: T): Promise<void> => {
    busy = true;
    try {
      await run(value);
    } catch (error) {
      onError(error);
    }
    const queued = pending;
    pending = undefined;
    if (queued) await next(queued.value);
    else busy = false;
  };
  return (value: T) => {
    if (busy) pending = { value };
    else void next(value);
  };
}
