/**
 * Reads an IDX file from disk (Node only), decompressing gzip transparently.
 */

import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DatasetError } from '../dataset-error.js';
import { type IdxArray, isGzip, readIdx } from '../idx.js';

const gunzipAsync = promisify(gunzip);

/**
 * Reads a whole file, turning "not found" into a DatasetError that names the path.
 *
 * @throws DatasetError `FILE_NOT_FOUND`.
 */
export async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DatasetError('FILE_NOT_FOUND', `${path}: no such file. Check the path.`, { cause });
    }
    throw cause;
  }
}

/**
 * Reads and decodes an IDX file, plain or gzip-compressed (detected from the
 * first two bytes, whatever the file name).
 *
 * @throws DatasetError `FILE_NOT_FOUND`, `GZIP_FAILED`, or any error of `readIdx`,
 *   each naming `path`.
 *
 * @example
 * const labels = await readIdxFile('data/train-labels-idx1-ubyte.gz');
 * labels.dims; // [60000]
 */
export async function readIdxFile(path: string): Promise<IdxArray> {
  let bytes = await readBytes(path);
  if (isGzip(bytes)) {
    try {
      bytes = await gunzipAsync(bytes);
    } catch (cause) {
      throw new DatasetError(
        'GZIP_FAILED',
        `${path}: could not decompress the gzip data (${(cause as Error).message}). The file is corrupt or incomplete; download it again.`,
        { cause },
      );
    }
  }
  return readIdx(bytes, path);
}
