/**
 * The one error class of the demo page: every failure the page reports to the user is
 * a `DemoError` with a stable code and a message that says what to do.
 */

/**
 * What went wrong:
 * - `EXPORT_FETCH_FAILED`: `export.json` or `examples.bin` could not be downloaded (network
 *   error or an HTTP status other than 2xx).
 * - `EXPORT_BAD_FORMAT`: `export.json` is not JSON, is not an `ae-export`, has a newer
 *   `formatVersion`, or a field has the wrong type or value.
 * - `EXPORT_BAD_EXAMPLES`: `examples.bin` does not hold `count × h × w × c` bytes.
 * - `DATA_FETCH_FAILED`: the MNIST slice the page trains on could not be downloaded.
 * - `SETTINGS_INVALID`: a training setting (latent size, epochs, learning rate) is out of range.
 */
export type DemoErrorCode =
  | 'EXPORT_FETCH_FAILED'
  | 'EXPORT_BAD_FORMAT'
  | 'EXPORT_BAD_EXAMPLES'
  | 'DATA_FETCH_FAILED'
  | 'SETTINGS_INVALID';

/** A failure of the demo page, with a {@link DemoErrorCode}. */
export class DemoError extends Error {
  override readonly name = 'DemoError';

  constructor(
    /** Stable code of the failure. */
    readonly code: DemoErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The message of any thrown value, for the page's status lines. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
