/**
 * Test helper: PNG files assembled chunk by chunk (signature, IHDR, optional PLTE
 * and tRNS, one IDAT of unfiltered scanlines, IEND), independently of any PNG
 * encoder, so the decoder under test is checked against hand-written bytes.
 */

import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  const typeAndData = new Uint8Array(4 + data.length);
  typeAndData.set(Array.from(type, (c) => c.charCodeAt(0)));
  typeAndData.set(data, 4);
  out.set(typeAndData, 4);
  view.setUint32(8 + data.length, crc32(typeAndData));
  return out;
}

/** Options of {@link pngBytes}. */
export interface PngSpec {
  readonly width: number;
  readonly height: number;
  /** PNG colour type: 0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA. */
  readonly colorType: 0 | 2 | 3 | 4 | 6;
  /** 8 or 16 bits per sample (palette: 8). */
  readonly bitDepth?: 8 | 16;
  /** Samples row-major, each 0 … 2^bitDepth − 1 (palette: indices). */
  readonly samples: readonly number[];
  /** Palette entries [r, g, b] (colour type 3). */
  readonly palette?: readonly (readonly [number, number, number])[];
  /** Alpha of each palette entry (tRNS chunk), colour type 3. */
  readonly paletteAlpha?: readonly number[];
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

/** The bytes of a PNG file as described by `spec`. */
export function pngBytes(spec: PngSpec): Uint8Array {
  const depth = spec.bitDepth ?? 8;
  const bytesPerSample = depth / 8;
  const rowSamples = spec.width * CHANNELS[spec.colorType];
  const raw = new Uint8Array(spec.height * (1 + rowSamples * bytesPerSample));
  let o = 0;
  for (let y = 0; y < spec.height; y++) {
    raw[o++] = 0; // filter type: none
    for (let i = 0; i < rowSamples; i++) {
      const v = spec.samples[y * rowSamples + i] as number;
      if (depth === 16) raw[o++] = v >> 8;
      raw[o++] = v & 0xff;
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, spec.width);
  view.setUint32(4, spec.height);
  header.set([depth, spec.colorType, 0, 0, 0], 8);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
  ];
  if (spec.palette) parts.push(chunk('PLTE', Uint8Array.from(spec.palette.flat())));
  if (spec.paletteAlpha) parts.push(chunk('tRNS', Uint8Array.from(spec.paletteAlpha)));
  parts.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
