/**
 * Reader for the IDX format of MNIST and Fashion-MNIST (yann.lecun.com/exdb/mnist).
 *
 * Layout, all integers big-endian:
 *
 * ```
 * offset 0: 0x00 0x00          magic
 * offset 2: type               0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64
 * offset 3: rank               number of dimensions
 * offset 4: dims               rank × uint32
 * then:     data               product(dims) elements, row-major, big-endian
 * ```
 *
 * Platform-neutral: no Node imports. Gzip-compressed input must be decompressed
 * first (`gunzip` in this package, or `readIdxFile` from `@ae/datasets/node`).
 */

import { DatasetError } from './dataset-error.js';

/** Element types an IDX file can hold. */
export type IdxType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** Typed array of each IDX element type. */
export type IdxData =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** The decoded contents of one IDX file. */
export interface IdxArray {
  /** Element type from the header. */
  readonly type: IdxType;
  /** Dimensions from the header, outermost first, e.g. [60000, 28, 28]. */
  readonly dims: number[];
  /**
   * Elements in row-major order, in native byte order. For 'uint8' and 'int8' this
   * is a view on the input bytes (no copy).
   */
  readonly data: IdxData;
  /** Where the bytes came from (a path or URL), for error messages. */
  readonly source: string;
}

/** Header type byte → element type and size in bytes. */
const TYPES: ReadonlyMap<number, { type: IdxType; bytes: number }> = new Map([
  [0x08, { type: 'uint8', bytes: 1 }],
  [0x09, { type: 'int8', bytes: 1 }],
  [0x0b, { type: 'int16', bytes: 2 }],
  [0x0c, { type: 'int32', bytes: 4 }],
  [0x0d, { type: 'float32', bytes: 4 }],
  [0x0e, { type: 'float64', bytes: 8 }],
]);

/** True if `bytes` starts with the gzip magic number 0x1f 0x8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;

/**
 * Decodes an IDX file.
 *
 * @param bytes The whole file, uncompressed.
 * @param source Path or URL of the bytes, used in error messages.
 * @throws DatasetError `IDX_COMPRESSED` for gzip input, `IDX_BAD_MAGIC`,
 *   `IDX_BAD_TYPE`, or `IDX_BAD_LENGTH` (truncated header or data, or trailing bytes).
 *
 * @example
 * const images = readIdx(bytes, 'train-images-idx3-ubyte');
 * images.dims; // [60000, 28, 28]
 */
export function readIdx(bytes: Uint8Array, source: string): IdxArray {
  if (isGzip(bytes)) {
    throw new DatasetError(
      'IDX_COMPRESSED',
      `${source}: the bytes are gzip-compressed. Decompress them first with gunzip() from @ae/datasets, or read the file with readIdxFile() from @ae/datasets/node.`,
    );
  }
  if (bytes.length < 4) {
    throw new DatasetError(
      'IDX_BAD_LENGTH',
      `${source}: truncated IDX header: expected at least 4 bytes, got ${bytes.length}. The file is cut short; download it again.`,
    );
  }
  const b0 = bytes[0] as number;
  const b1 = bytes[1] as number;
  if (b0 !== 0 || b1 !== 0) {
    throw new DatasetError(
      'IDX_BAD_MAGIC',
      `${source}: not an IDX file: expected the first two bytes to be 0x00 0x00, got ${hex(b0)} ${hex(b1)}. Check that the path points at an (uncompressed) IDX file.`,
    );
  }
  const typeByte = bytes[2] as number;
  const info = TYPES.get(typeByte);
  if (info === undefined) {
    throw new DatasetError(
      'IDX_BAD_TYPE',
      `${source}: unknown IDX data type ${hex(typeByte)} at byte 2; expected one of 0x08 (uint8), 0x09 (int8), 0x0b (int16), 0x0c (int32), 0x0d (float32), 0x0e (float64). The file is corrupt or not IDX.`,
    );
  }
  const rank = bytes[3] as number;
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new DatasetError(
      'IDX_BAD_LENGTH',
      `${source}: truncated IDX header: rank ${rank} needs ${headerBytes} header bytes, got ${bytes.length}. The file is cut short; download it again.`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    count *= d;
  }
  const expected = headerBytes + count * info.bytes;
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? 'truncated data' : 'trailing bytes after the data';
    throw new DatasetError(
      'IDX_BAD_LENGTH',
      `${source}: ${what}: header says ${info.type} [${dims.join(', ')}], expected ${expected} bytes in total, got ${bytes.length}. The file is corrupt or incomplete; download it again.`,
    );
  }
  return {
    type: info.type,
    dims,
    data: decode(info.type, bytes, view, headerBytes, count),
    source,
  };
}

/** Decodes `count` big-endian elements starting at `offset`. */
function decode(
  type: IdxType,
  bytes: Uint8Array,
  view: DataView,
  offset: number,
  count: number,
): IdxData {
  switch (type) {
    case 'uint8':
      return bytes.subarray(offset, offset + count);
    case 'int8':
      return new Int8Array(bytes.buffer, bytes.byteOffset + offset, count);
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}
