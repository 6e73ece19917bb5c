import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../dataset-error.js';
import { pngBytes } from '../test-utils/png-bytes.js';
import { decodePng, rgbaToChannels } from './decode-png.js';

const f32 = (values: number[]) => values.map(Math.fround);

describe('decodePng + rgbaToChannels', () => {
  it('reads 8-bit gray as one exact channel', () => {
    const image = decodePng(
      pngBytes({ width: 3, height: 1, colorType: 0, samples: [0, 128, 255] }),
      'g.png',
    );
    expect(image.gray).toBe(true);
    expect(Array.from(rgbaToChannels(image, 1))).toEqual(f32([0, 128 / 255, 1]));
    expect(Array.from(rgbaToChannels(image, 3))).toEqual(
      f32([0, 0, 0, 128 / 255, 128 / 255, 128 / 255, 1, 1, 1]),
    );
  });

  it('converts RGB to BT.601 luma', () => {
    const image = decodePng(
      pngBytes({ width: 2, height: 1, colorType: 2, samples: [255, 0, 0, 10, 20, 30] }),
      'rgb.png',
    );
    expect(image.gray).toBe(false);
    const [red, mixed] = rgbaToChannels(image, 1);
    expect(red).toBe(Math.fround(0.299));
    expect(mixed).toBeCloseTo((0.299 * 10 + 0.587 * 20 + 0.114 * 30) / 255, 7);
  });

  it('composites alpha on white', () => {
    // RGBA: black at alpha 0, 128, 255; gray + alpha: 100 at alpha 51.
    const rgba = decodePng(
      pngBytes({
        width: 3,
        height: 1,
        colorType: 6,
        samples: [0, 0, 0, 0, 0, 0, 0, 128, 0, 0, 0, 255],
      }),
      'a.png',
    );
    expect(Array.from(rgbaToChannels(rgba, 1))).toEqual(f32([1, 127 / 255, 0]));
    const grayAlpha = decodePng(
      pngBytes({ width: 1, height: 1, colorType: 4, samples: [100, 51] }),
      'ga.png',
    );
    // (51·100 + 204·255) / 255² = 57120 / 65025.
    expect(Array.from(rgbaToChannels(grayAlpha, 1))).toEqual(f32([57120 / 65025]));
  });

  it('reads a palette with transparency and 16-bit samples', () => {
    const palette = decodePng(
      pngBytes({
        width: 2,
        height: 2,
        colorType: 3,
        samples: [0, 1, 1, 0],
        palette: [
          [255, 0, 0],
          [0, 0, 255],
        ],
        paletteAlpha: [255, 0],
      }),
      'p.png',
    );
    // Entry 0 opaque red, entry 1 fully transparent (→ white).
    expect(Array.from(rgbaToChannels(palette, 3))).toEqual([1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    const deep = decodePng(
      pngBytes({ width: 3, height: 1, colorType: 0, bitDepth: 16, samples: [0, 257 * 7, 65535] }),
      'd.png',
    );
    expect(Array.from(rgbaToChannels(deep, 1))).toEqual(f32([0, 7 / 255, 1]));
  });

  it('agrees with a file written by pngjs', () => {
    const png = new PNG({ width: 1, height: 2 });
    png.data.set([10, 20, 30, 255, 40, 50, 60, 255]);
    const image = decodePng(PNG.sync.write(png), 'w.png');
    expect(Array.from(rgbaToChannels(image, 3))).toEqual(
      f32([10, 20, 30, 40, 50, 60].map((v) => v / 255)),
    );
  });

  it('names a corrupt or truncated file', () => {
    for (const bytes of [
      new Uint8Array([1, 2, 3, 4]),
      pngBytes({ width: 4, height: 4, colorType: 0, samples: new Array(16).fill(9) }).subarray(
        0,
        40,
      ),
    ]) {
      try {
        decodePng(bytes, 'dir/broken.png');
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(DatasetError);
        expect((e as DatasetError).code).toBe('IMAGE_UNREADABLE');
        expect((e as DatasetError).message.startsWith('dir/broken.png: cannot decode')).toBe(true);
      }
    }
  });
});
