/**
 * Test helper: the `DatasetError` a call throws (or a promise rejects with), failing the
 * test when it throws nothing or another kind of error.
 */

import { DatasetError } from '../dataset-error.js';

function asDatasetError(thrown: unknown, what: string): DatasetError {
  if (thrown instanceof DatasetError) return thrown;
  throw new Error(`expected ${what} to throw a DatasetError, got ${String(thrown)}`);
}

/** The `DatasetError` `fn()` throws. */
export function thrownBy(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (e) {
    return asDatasetError(e, 'the call');
  }
  throw new Error('expected the call to throw a DatasetError, but it returned');
}

/** The `DatasetError` `promise` rejects with. */
export async function rejectionOf(promise: Promise<unknown>): Promise<DatasetError> {
  const outcome = await promise.then(
    () => ({ resolved: true as const }),
    (e: unknown) => ({ resolved: false as const, e }),
  );
  if (outcome.resolved) throw new Error('expected a DatasetError, but the promise resolved');
  return asDatasetError(outcome.e, 'the promise');
}
