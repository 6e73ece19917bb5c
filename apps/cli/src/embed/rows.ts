/** Small helpers of the projections. */

/** Row-major `[count, dim]` numbers as an array of rows (what the projection libraries take). */
export function rowsOf(data: Float32Array, count: number, dim: number): number[][] {
  if (data.length !== count * dim) {
    throw new RangeError(
      `rowsOf: ${data.length} values are not ${count} rows of ${dim}; pass count × dim values.`,
    );
  }
  return Array.from({ length: count }, (_, i) => Array.from(data.subarray(i * dim, (i + 1) * dim)));
}

/** Lets timers (a progress bar's redraw) run during a long computation. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
