import { describe, expect, it } from 'vitest';
import { EvaluationError } from './evaluation-error.js';
import { meanPsnr, psnrOfMse, psnrPerImage } from './psnr.js';

describe('psnr', () => {
  it('matches hand-computed values', () => {
    // Image 0: differences 0.1, 0, 0, 0.1 → MSE 0.005 → 10·log10(200) = 23.0103 dB.
    // Image 1: differences 0.5 everywhere → MSE 0.25 → 10·log10(4) = 6.0206 dB.
    const clean = new Float32Array([0.5, 0.5, 0.5, 0.5, 0, 0, 1, 1]);
    const noisy = new Float32Array([0.6, 0.5, 0.5, 0.4, 0.5, 0.5, 0.5, 0.5]);
    const p = psnrPerImage(clean, noisy, 2);
    expect(p[0]).toBeCloseTo(23.0103, 3);
    expect(p[1]).toBeCloseTo(6.0206, 4);
    expect(meanPsnr(clean, noisy, 2)).toBeCloseTo((23.0103 + 6.0206) / 2, 3);
  });

  it('caps identical images at 100 dB and refuses mismatched arrays', () => {
    const a = new Float32Array([0.2, 0.7]);
    expect(psnrPerImage(a, a, 1)[0]).toBeCloseTo(100, 9);
    expect(() => psnrPerImage(a, new Float32Array(3), 1)).toThrow(/same length holding 1 images/);
    expect(() => psnrPerImage(new Float32Array(3), new Float32Array(3), 2)).toThrow(
      EvaluationError,
    );
  });

  it('psnrOfMse: 10·log10(1 / MSE), floored at the smallest MSE', () => {
    expect(psnrOfMse(0.01)).toBeCloseTo(20, 12);
    expect(psnrOfMse(0.25)).toBeCloseTo(6.0206, 4);
    expect(psnrOfMse(0)).toBeCloseTo(100, 9);
  });
});
