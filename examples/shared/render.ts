/**
 * SVG → PNG with resvg and the bundled DejaVu Sans (never a system font, so a picture has
 * the same pixels on every machine), and the PNG file writes of every example.
 */
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '@ae/core/node';
import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';
import type { Picture } from './run.js';

/** The one font of every picture. */
export const FONT = 'DejaVu Sans';

let fontPath: string | undefined;

function fontFile(): string {
  if (fontPath === undefined) {
    const pkg = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json');
    fontPath = join(dirname(pkg), 'ttf', 'DejaVuSans.ttf');
  }
  return fontPath;
}

/** SVG text → PNG bytes, `zoom` device pixels per SVG unit, on white. */
export function svgToPng(svg: string, zoom = 1): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: zoom },
    background: 'white',
    font: {
      loadSystemFonts: false,
      fontFiles: [fontFile()],
      defaultFontFamily: FONT,
      sansSerifFamily: FONT,
    },
  });
  return resvg.render().asPng();
}

/** Text for SVG: `&`, `<`, `>` and quotes escaped. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** RGBA pixels (4 bytes each, row-major) → PNG bytes. */
export function encodeRgba(width: number, height: number, data: Uint8Array): Buffer {
  const png = new PNG({ width, height });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return PNG.sync.write(png);
}

/** Writes PNG bytes to `outDir/name` (temporary name, then rename) and reads its size back. */
export async function writePicture(outDir: string, name: string, png: Buffer): Promise<Picture> {
  const path = resolve(outDir, name);
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, png);
  const { width, height } = PNG.sync.read(png);
  return { path, width, height };
}
