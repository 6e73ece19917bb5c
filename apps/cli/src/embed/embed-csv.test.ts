import { describe, expect, it } from 'vitest';
import { embedCsv } from './embed-csv.js';

describe('embedCsv', () => {
  it('writes a header and one x,y,label row per point', () => {
    const xy = new Float32Array([1.5, -2, 0.125, 1e-8]);
    expect(embedCsv(xy, [3, 0])).toBe('x,y,label\n1.5,-2,3\n0.125,1e-8,0\n');
    expect(embedCsv(xy)).toBe('x,y,label\n1.5,-2,\n0.125,1e-8,\n');
  });

  it('keeps 7 significant digits of float32 coordinates', () => {
    // float32(1/3) = 0.3333333432674408 → 0.3333333.
    expect(embedCsv(new Float32Array([1 / 3, 12345.678]), [1])).toBe(
      'x,y,label\n0.3333333,12345.68,1\n',
    );
  });

  it('refuses labels that do not match the points', () => {
    expect(() => embedCsv(new Float32Array(4), [1])).toThrow(/1 labels for 2 points/);
  });
});
