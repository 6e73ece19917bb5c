import { describe, expect, it } from 'vitest';
import { DatasetError } from './dataset-error.js';
import { isGzip, readIdx } from './idx.js';
import { idxBytes } from './test-utils/idx-bytes.js';

function errorOf(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DatasetError) return e;
    throw e;
  }
  throw new Error('expected a DatasetError');
}

describe('readIdx', () => {
  it('reads uint8 rank 3', () => {
    // Two 2×3 images.
    const bytes = idxBytes(0x08, [2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
    expect(bytes.length).toBe(4 + 12 + 12);
    const idx = readIdx(bytes, 'u8');
    expect(idx.type).toBe('uint8');
    expect(idx.dims).toEqual([2, 2, 3]);
    expect(idx.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(idx.data)).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
    expect(idx.source).toBe('u8');
  });

  it('reads a header with dims ≥ 256 (big-endian uint32)', () => {
    // dims [1, 258]: 258 = 0x00000102.
    const bytes = new Uint8Array([
      0,
      0,
      0x08,
      2,
      0,
      0,
      0,
      1,
      0,
      0,
      1,
      2,
      ...new Array(258).fill(7),
    ]);
    const idx = readIdx(bytes, 'wide');
    expect(idx.dims).toEqual([1, 258]);
    expect(idx.data.length).toBe(258);
  });

  it('reads int8 rank 1 as signed', () => {
    const idx = readIdx(idxBytes(0x09, [3], [0x7f, 0x80, 0xff]), 'i8');
    expect(idx.type).toBe('int8');
    expect(idx.data).toBeInstanceOf(Int8Array);
    expect(Array.from(idx.data)).toEqual([127, -128, -1]);
  });

  it('reads big-endian int16 rank 2', () => {
    // 0x0102 = 258, 0xfffe = -2, 0x8000 = -32768, 0x7fff = 32767.
    const idx = readIdx(
      idxBytes(0x0b, [2, 2], [0x01, 0x02, 0xff, 0xfe, 0x80, 0x00, 0x7f, 0xff]),
      'i16',
    );
    expect(idx.type).toBe('int16');
    expect(idx.dims).toEqual([2, 2]);
    expect(idx.data).toBeInstanceOf(Int16Array);
    expect(Array.from(idx.data)).toEqual([258, -2, -32768, 32767]);
  });

  it('reads big-endian int32 rank 1', () => {
    // 0x00010000 = 65536, 0xffffffff = -1, 0x12345678 = 305419896.
    const payload = [0x00, 0x01, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x12, 0x34, 0x56, 0x78];
    const idx = readIdx(idxBytes(0x0c, [3], payload), 'i32');
    expect(idx.type).toBe('int32');
    expect(idx.data).toBeInstanceOf(Int32Array);
    expect(Array.from(idx.data)).toEqual([65536, -1, 305419896]);
  });

  it('reads big-endian float32 rank 2', () => {
    // 0x3f800000 = 1, 0xc0200000 = -2.5, 0x3e800000 = 0.25, 0x00000000 = 0.
    const payload = [0x3f, 0x80, 0, 0, 0xc0, 0x20, 0, 0, 0x3e, 0x80, 0, 0, 0, 0, 0, 0];
    const idx = readIdx(idxBytes(0x0d, [1, 4], payload), 'f32');
    expect(idx.type).toBe('float32');
    expect(idx.data).toBeInstanceOf(Float32Array);
    expect(Array.from(idx.data)).toEqual([1, -2.5, 0.25, 0]);
  });

  it('reads big-endian float64 rank 1', () => {
    // 0x3ff0000000000000 = 1, 0xbfe0000000000000 = -0.5, 0x4059000000000000 = 100.
    const payload = [
      0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0xbf, 0xe0, 0, 0, 0, 0, 0, 0, 0x40, 0x59, 0, 0, 0, 0, 0, 0,
    ];
    const idx = readIdx(idxBytes(0x0e, [3], payload), 'f64');
    expect(idx.type).toBe('float64');
    expect(idx.data).toBeInstanceOf(Float64Array);
    expect(Array.from(idx.data)).toEqual([1, -0.5, 100]);
  });

  it('reads from a view with an odd byte offset into a larger buffer', () => {
    const file = idxBytes(0x0b, [2], [0x01, 0x02, 0xff, 0xfe]);
    const big = new Uint8Array(file.length + 3);
    big.set(file, 3);
    const idx = readIdx(big.subarray(3), 'offset');
    expect(Array.from(idx.data)).toEqual([258, -2]);
    const u8 = readIdx(
      new Uint8Array([9, ...idxBytes(0x08, [2], [5, 6])]).subarray(1),
      'offset-u8',
    );
    expect(Array.from(u8.data)).toEqual([5, 6]);
  });

  it('reads an empty array (a zero dimension)', () => {
    const idx = readIdx(idxBytes(0x08, [0, 28, 28], []), 'empty');
    expect(idx.dims).toEqual([0, 28, 28]);
    expect(idx.data.length).toBe(0);
  });

  it('rejects a bad magic number, naming the source and the bytes', () => {
    const bytes = idxBytes(0x08, [1], [0]);
    bytes[1] = 0x03;
    const e = errorOf(() => readIdx(bytes, 'data/x.idx'));
    expect(e.code).toBe('IDX_BAD_MAGIC');
    expect(e.message).toMatch(/^data\/x\.idx: .*0x00 0x03/);
  });

  it('rejects an unknown type byte', () => {
    const e = errorOf(() => readIdx(idxBytes(0x0a, [1], [0]), 'data/t.idx'));
    expect(e.code).toBe('IDX_BAD_TYPE');
    expect(e.message).toMatch(/^data\/t\.idx: unknown IDX data type 0x0a/);
  });

  it('rejects a header shorter than 4 bytes', () => {
    const e = errorOf(() => readIdx(new Uint8Array([0, 0, 8]), 'short'));
    expect(e.code).toBe('IDX_BAD_LENGTH');
    expect(e.message).toMatch(/expected at least 4 bytes, got 3/);
  });

  it('rejects a header cut inside the dims', () => {
    const full = idxBytes(0x08, [1, 2, 3], [1, 2, 3, 4, 5, 6]);
    const e = errorOf(() => readIdx(full.subarray(0, 10), 'cut'));
    expect(e.code).toBe('IDX_BAD_LENGTH');
    expect(e.message).toMatch(/rank 3 needs 16 header bytes, got 10/);
  });

  it('rejects truncated data, saying expected vs actual bytes', () => {
    const full = idxBytes(0x0b, [3], [0, 1, 0, 2, 0, 3]);
    const e = errorOf(() => readIdx(full.subarray(0, full.length - 1), 'trunc'));
    expect(e.code).toBe('IDX_BAD_LENGTH');
    expect(e.message).toMatch(
      /^trunc: truncated data: header says int16 \[3\], expected 14 bytes in total, got 13/,
    );
  });

  it('rejects trailing bytes', () => {
    const full = idxBytes(0x08, [2], [1, 2, 3]);
    const e = errorOf(() => readIdx(full, 'long'));
    expect(e.code).toBe('IDX_BAD_LENGTH');
    expect(e.message).toMatch(
      /trailing bytes after the data: .* expected 10 bytes in total, got 11/,
    );
  });

  it('rejects gzip bytes with advice to decompress', () => {
    const e = errorOf(() => readIdx(new Uint8Array([0x1f, 0x8b, 8, 0]), 'f.gz'));
    expect(e.code).toBe('IDX_COMPRESSED');
    expect(e.message).toMatch(/gunzip\(\)/);
  });
});

describe('isGzip', () => {
  it('looks at the first two bytes only', () => {
    expect(isGzip(new Uint8Array([0x1f, 0x8b]))).toBe(true);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
    expect(isGzip(new Uint8Array([0, 0, 8, 1]))).toBe(false);
  });
});
