/**
 * The typed error thrown by this package. Branch on `code`, show `message`:
 * the message always says what to do next.
 */

/** Every way choosing a backend or running an added kernel can fail. */
export type BackendErrorCode =
  /** A backend name that this package does not know. */
  | 'BACKEND_UNKNOWN'
  /** The npm package that provides the requested backend is not installed. */
  | 'BACKEND_NOT_INSTALLED'
  /** The backend cannot run on this platform (e.g. 'tensorflow' in a browser). */
  | 'BACKEND_UNSUPPORTED_PLATFORM'
  /** The package is installed but `tf.setBackend` failed or it did not register the backend. */
  | 'BACKEND_INIT_FAILED'
  /** An added kernel was called with inputs or attributes it does not support. */
  | 'KERNEL_UNSUPPORTED';

/** Options for {@link BackendError}. */
export interface BackendErrorOptions {
  /** The underlying error, if any (kept as the standard `cause`). */
  cause?: unknown;
}

/** An error from `@ae/backend`, with a stable machine-readable `code`. */
export class BackendError extends Error {
  /** What went wrong, stable across versions; see {@link BackendErrorCode}. */
  readonly code: BackendErrorCode;

  constructor(code: BackendErrorCode, message: string, options: BackendErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BackendError';
    this.code = code;
  }
}

/** True when `value` is a {@link BackendError}, optionally with the given code. */
export function isBackendError(value: unknown, code?: BackendErrorCode): value is BackendError {
  return value instanceof BackendError && (code === undefined || value.code === code);
}
