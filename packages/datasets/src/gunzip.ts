/**
 * Platform-neutral gzip decompression with the web `DecompressionStream`
 * (browsers, Deno, Node ≥ 18). In Node, `readIdxFile` from `@ae/datasets/node`
 * uses `node:zlib` instead.
 */

import { DatasetError } from './dataset-error.js';

/**
 * Decompresses gzip bytes, e.g. a fetched `train-images-idx3-ubyte.gz`.
 *
 * @param source Path or URL of the bytes, used in error messages.
 * @throws DatasetError `GZIP_UNSUPPORTED` if `DecompressionStream` is missing,
 *   `GZIP_FAILED` if the bytes are not valid gzip.
 *
 * @example
 * const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
 * const images = readIdx(await gunzip(bytes, url), url);
 */
export async function gunzip(bytes: Uint8Array, source = 'gzip data'): Promise<Uint8Array> {
  if (typeof DecompressionStream === 'undefined') {
    throw new DatasetError(
      'GZIP_UNSUPPORTED',
      `${source}: this platform has no DecompressionStream. Decompress the file before loading it, or use readIdxFile() from @ae/datasets/node in Node.`,
    );
  }
  try {
    // new Uint8Array(bytes): a copy on a plain ArrayBuffer, which Blob requires.
    const stream = new Blob([new Uint8Array(bytes)])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (cause) {
    throw new DatasetError(
      'GZIP_FAILED',
      `${source}: could not decompress the gzip data (${(cause as Error).message}). The file is corrupt or incomplete; download it again.`,
      { cause },
    );
  }
}
