/**
 * The one error type of `@ae/datasets`.
 *
 * Every failure carries a stable machine-readable `code` and a message that names
 * the file, dataset, field or index involved and says what to do about it.
 */

/** Stable identifiers of the failures `@ae/datasets` reports. */
export type DatasetErrorCode =
  /** An IDX file does not start with two zero bytes. */
  | 'IDX_BAD_MAGIC'
  /** An IDX file has a data-type byte other than 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E. */
  | 'IDX_BAD_TYPE'
  /** An IDX file's header or data is truncated, or there are bytes after the data. */
  | 'IDX_BAD_LENGTH'
  /** `readIdx` was given gzip-compressed bytes; decompress them first. */
  | 'IDX_COMPRESSED'
  /** A valid IDX file holds another element type than the loader needs. */
  | 'IDX_UNEXPECTED_TYPE'
  /** A valid IDX file has other dimensions than the loader needs. */
  | 'IDX_UNEXPECTED_DIMS'
  /** Images and labels disagree on the number of examples. */
  | 'DATASET_COUNT_MISMATCH'
  /** A `Dataset` object breaks its contract (lengths, shape, labels). */
  | 'DATASET_INVALID'
  /** A limit that is not a non-negative integer. */
  | 'DATASET_BAD_LIMIT'
  /** A limit larger than the number of examples. */
  | 'DATASET_LIMIT_TOO_LARGE'
  /** An example index that is not an integer in [0, count). */
  | 'DATASET_BAD_INDEX'
  /** A batch size that is not a positive integer. */
  | 'DATASET_BAD_BATCH_SIZE'
  /** Options that contradict each other or miss a required field. */
  | 'DATASET_BAD_OPTIONS'
  /** A data file that does not exist. */
  | 'FILE_NOT_FOUND'
  /** Gzip data that could not be decompressed. */
  | 'GZIP_FAILED'
  /** No gzip decompressor is available on this platform. */
  | 'GZIP_UNSUPPORTED';

/**
 * Thrown by every function of `@ae/datasets` for bad input or bad data files.
 *
 * @example
 * try {
 *   readIdx(bytes, 'my-file');
 * } catch (e) {
 *   if (e instanceof DatasetError && e.code === 'IDX_BAD_MAGIC') { ... }
 * }
 */
export class DatasetError extends Error {
  /** Stable identifier of the failure, for programs to branch on. */
  readonly code: DatasetErrorCode;

  /**
   * @param code Stable identifier of the failure.
   * @param message What went wrong, naming the file / dataset / index, and what to do.
   * @param options Standard error options, e.g. `{ cause }`.
   */
  constructor(code: DatasetErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DatasetError';
    this.code = code;
  }
}
