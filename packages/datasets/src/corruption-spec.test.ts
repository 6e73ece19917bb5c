import { createRng } from '@ae/backend';
import { describe, expect, it } from 'vitest';
import {
  CORRUPTION_SPEC_FORMS,
  type CorruptionSpec,
  corruptionFromSpec,
  parseCorruptionSpec,
} from './corruption-spec.js';
import { thrownBy } from './test-utils/dataset-errors.js';

describe('parseCorruptionSpec', () => {
  it.each<[string, CorruptionSpec]>([
    ['gaussian:0.3', { kind: 'gaussian', amount: 0.3 }],
    ['gaussian:2', { kind: 'gaussian', amount: 2 }],
    ['gaussian:0', { kind: 'gaussian', amount: 0 }],
    ['salt-pepper:0.1', { kind: 'salt-pepper', amount: 0.1 }],
    ['mask:1', { kind: 'mask', amount: 1 }],
    ['mask:.25', { kind: 'mask', amount: 0.25 }],
  ])('reads %s', (text, spec) => {
    expect(parseCorruptionSpec(text)).toEqual(spec);
  });

  it.each<[string, RegExp]>([
    [
      'blur:1',
      /^Expected gaussian:<std>, salt-pepper:<fraction> or mask:<fraction>, e\.g\. gaussian:0\.3 \(got 'blur:1'\)\.$/,
    ],
    ['gaussian', /^gaussian needs an amount ≥ 0, e\.g\. gaussian:0\.3 \(got 'gaussian'\)\.$/],
    ['gaussian: ', /^gaussian needs an amount ≥ 0/],
    ['gaussian:-0.1', /^gaussian needs an amount ≥ 0/],
    ['gaussian:Infinity', /^gaussian needs an amount ≥ 0/],
    ['gaussian:0.3:1', /got 'gaussian:0\.3:1'/],
    ['mask:2', /^mask:<fraction> needs a fraction in \[0, 1\], got 2\.$/],
    ['salt-pepper:1.5', /^salt-pepper:<fraction> needs a fraction in \[0, 1\], got 1\.5\.$/],
  ])('refuses %j with DATASET_BAD_CORRUPTION', (text, message) => {
    const e = thrownBy(() => parseCorruptionSpec(text));
    expect(e.code).toBe('DATASET_BAD_CORRUPTION');
    expect(e.message).toMatch(message);
  });

  it('names every kind in its forms', () => {
    for (const kind of ['gaussian:', 'salt-pepper:', 'mask:']) {
      expect(CORRUPTION_SPEC_FORMS).toContain(kind);
    }
  });
});

describe('corruptionFromSpec', () => {
  const x = Float32Array.from([0, 0.5, 1, 0.25, 0.75, 0.9]);

  it('gaussian: x + std · N(0, 1) with one normal draw per value, clipped for unit data only', () => {
    const real = Float32Array.from([5, -3, 0.5]);
    const normals = (() => {
      const rng = createRng(11);
      return [rng.normal(), rng.normal(), rng.normal()];
    })();
    const noisy = corruptionFromSpec({ kind: 'gaussian', amount: 0.5 }, 'real')(
      real,
      createRng(11),
    );
    noisy.forEach((v, i) => {
      expect(v).toBeCloseTo((real[i] as number) + 0.5 * (normals[i] as number), 5);
    });
    // Unit data ('unit' or absent): the same draws, clipped to [0, 1].
    for (const domain of ['unit', undefined] as const) {
      const clipped = corruptionFromSpec({ kind: 'gaussian', amount: 0.5 }, domain)(
        real,
        createRng(11),
      );
      clipped.forEach((v, i) => {
        const want = Math.min(1, Math.max(0, (real[i] as number) + 0.5 * (normals[i] as number)));
        expect(v).toBeCloseTo(want, 5);
      });
    }
  });

  it('mask sets the chosen fraction to 0, salt-pepper to 0 or 1', () => {
    expect(
      Array.from(corruptionFromSpec({ kind: 'mask', amount: 1 }, 'unit')(x, createRng(0))),
    ).toEqual([0, 0, 0, 0, 0, 0]);
    expect(corruptionFromSpec({ kind: 'mask', amount: 0 }, 'unit')(x, createRng(0))).toEqual(x);
    const sp = corruptionFromSpec({ kind: 'salt-pepper', amount: 1 }, 'real')(x, createRng(4));
    expect(Array.from(sp).every((v) => v === 0 || v === 1)).toBe(true);
    // Each value: salt when the draw u < amount · ½, else pepper (amount 1).
    const rng = createRng(4);
    expect(Array.from(sp)).toEqual(Array.from(x, () => (rng.next() < 0.5 ? 1 : 0)));
  });

  it('refuses an unknown kind and amounts the corruption refuses', () => {
    expect(() => corruptionFromSpec({ kind: 'blur', amount: 1 } as never, 'unit')).toThrow(
      /kind must be 'gaussian', 'salt-pepper' or 'mask', got "blur"/,
    );
    expect(() => corruptionFromSpec({ kind: 'mask', amount: 3 }, 'unit')).toThrow(
      /maskingNoise: rate must be a number in \[0, 1\], got 3/,
    );
  });
});
