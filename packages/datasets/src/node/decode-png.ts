/**
 * Decoding PNG files into pixels in [0, 1] (Node only; decoding by `pngjs`).
 */

import { PNG } from 'pngjs';
import { DatasetError } from '../dataset-error.js';

/** A decoded PNG as 8-bit RGBA, before conversion. */
export interface RgbaImage {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /**
   * Pixels, row-major, 4 bytes (R, G, B, A) each. Every PNG colour type ends up here:
   * grayscale, RGB, palette, with or without alpha / a transparent colour; 1-, 2-,
   * 4- and 16-bit samples are rescaled to 8 bits (16-bit: round(v · 255 / 65535)).
   */
  readonly rgba: Uint8Array;
  /** True if R = G = B in every pixel (a grayscale image, whatever its colour type). */
  readonly gray: boolean;
}

/**
 * Decodes PNG bytes.
 *
 * @param path File the bytes came from, named in error messages.
 * @throws DatasetError `IMAGE_UNREADABLE` naming `path` for bytes that are not a
 *   valid PNG (bad signature, truncated data, bad checksum, unsupported format).
 */
export function decodePng(bytes: Uint8Array, path: string): RgbaImage {
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (cause) {
    throw new DatasetError(
      'IMAGE_UNREADABLE',
      `${path}: cannot decode the PNG (${(cause as Error).message}). The file is corrupt or not a PNG; replace or remove it.`,
      { cause },
    );
  }
  const rgba = new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength);
  let gray = true;
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) {
      gray = false;
      break;
    }
  }
  return { width: png.width, height: png.height, rgba, gray };
}

/** ITU-R BT.601 luma weights of R, G and B. */
const LUMA = [0.299, 0.587, 0.114] as const;

/**
 * Converts RGBA bytes to `channels` values per pixel in [0, 1]: alpha is composited
 * on a white background (value = (a·c + (255 − a)·255) / 255², so a fully
 * transparent pixel is white and an opaque one keeps its colour), then for
 * `channels` 1 the BT.601 luma 0.299 R + 0.587 G + 0.114 B is taken (a pixel with
 * R = G = B keeps that value exactly).
 */
export function rgbaToChannels(image: RgbaImage, channels: 1 | 3): Float32Array {
  const { rgba } = image;
  const n = image.width * image.height;
  const out = new Float32Array(n * channels);
  const rgb = [0, 0, 0];
  for (let p = 0; p < n; p++) {
    const alpha = rgba[4 * p + 3] as number;
    for (let c = 0; c < 3; c++) {
      rgb[c] = (alpha * (rgba[4 * p + c] as number) + (255 - alpha) * 255) / (255 * 255);
    }
    const [r, g, b] = rgb as [number, number, number];
    if (channels === 3) {
      out[3 * p] = r;
      out[3 * p + 1] = g;
      out[3 * p + 2] = b;
    } else {
      out[p] = r === g && g === b ? r : LUMA[0] * r + LUMA[1] * g + LUMA[2] * b;
    }
  }
  return out;
}
