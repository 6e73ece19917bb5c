/** Codes of {@link SweepError}. */
export type SweepErrorCode =
  /** `--queue`: Redis cannot be reached at the URL. */
  | 'SWEEP_QUEUE_UNREACHABLE'
  /** A trial's `ae train` run failed (after BullMQ's retries, in queue mode). */
  | 'SWEEP_TRIAL_FAILED'
  /** The epoch logs lack the sweep's metric. */
  | 'SWEEP_NO_METRIC'
  /** A worker does not see the sweep's directory (no shared filesystem at that path). */
  | 'SWEEP_NO_SHARED_OUT';

/** A sweep or worker problem that is not a bad sweep file (those are `CLI_BAD_CONFIG`). */
export class SweepError extends Error {
  /** Machine-readable reason. */
  readonly code: SweepErrorCode;

  constructor(code: SweepErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SweepError';
    this.code = code;
  }
}
