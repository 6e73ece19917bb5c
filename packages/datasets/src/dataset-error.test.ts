import { describe, expect, it } from 'vitest';
import { DatasetError } from './dataset-error.js';

describe('DatasetError', () => {
  it('is an Error with a code, a name and a cause', () => {
    const cause = new Error('inner');
    const e = new DatasetError('IDX_BAD_MAGIC', 'file.idx: bad', { cause });
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(DatasetError);
    expect(e.code).toBe('IDX_BAD_MAGIC');
    expect(e.name).toBe('DatasetError');
    expect(e.message).toBe('file.idx: bad');
    expect(e.cause).toBe(cause);
  });
});
