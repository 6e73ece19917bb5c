import { describe, expect, it } from 'vitest';
import { BackendError, isBackendError } from './backend-error.js';

describe('BackendError', () => {
  it('carries a code, a name, a message and a cause', () => {
    const cause = new Error('inner');
    const error = new BackendError('BACKEND_INIT_FAILED', 'Fix it like this.', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('BackendError');
    expect(error.code).toBe('BACKEND_INIT_FAILED');
    expect(error.message).toBe('Fix it like this.');
    expect(error.cause).toBe(cause);
    expect(new BackendError('BACKEND_UNKNOWN', 'x').cause).toBeUndefined();
  });

  it('is recognized by isBackendError, optionally by code', () => {
    const error = new BackendError('BACKEND_UNKNOWN', 'x');
    expect(isBackendError(error)).toBe(true);
    expect(isBackendError(error, 'BACKEND_UNKNOWN')).toBe(true);
    expect(isBackendError(error, 'BACKEND_NOT_INSTALLED')).toBe(false);
    expect(isBackendError(new Error('x'))).toBe(false);
  });
});
