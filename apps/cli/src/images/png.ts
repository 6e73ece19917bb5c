import { PNG } from 'pngjs';
import { writeOutputFile } from '../out-path.js';
import type { RgbaImage } from './grid.js';

/** Encodes an RGBA image as PNG bytes. */
export function encodePng(image: RgbaImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return PNG.sync.write(png);
}

/** Decodes PNG bytes (for tests and for reading images back). */
export function decodePng(bytes: Buffer): RgbaImage {
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
}

/** Writes an image as a PNG file, atomically. */
export async function writePng(path: string, image: RgbaImage): Promise<void> {
  await writeOutputFile(path, encodePng(image));
}
