import { createRng } from '@ae/backend';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './dataset-error.js';
import { resolveRng } from './seeded-rng.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DatasetError) return e.code;
    throw e;
  }
  return undefined;
}

describe('resolveRng', () => {
  it('returns the given rng itself, or a generator equal to createRng(seed)', () => {
    const rng = createRng(3);
    expect(resolveRng({ rng }, 'f()', 'x')).toBe(rng);
    const seeded = resolveRng({ seed: 9 }, 'f()', 'x');
    const ref = createRng(9);
    expect([seeded.next(), seeded.next()]).toEqual([ref.next(), ref.next()]);
  });

  it('rejects both, neither and a fractional seed', () => {
    expect(codeOf(() => resolveRng({ seed: 1, rng: createRng(1) }, 'f()', 'x'))).toBe(
      'DATASET_BAD_OPTIONS',
    );
    expect(() => resolveRng({}, 'f()', 'noise', 'or { noise: false }')).toThrow(
      /f\(\): noise needs a seeded generator .* or \{ noise: false \}\./,
    );
    expect(codeOf(() => resolveRng({ seed: 1.5 }, 'f()', 'x'))).toBe('DATASET_BAD_PARAMETER');
    expect(() => resolveRng({ seed: 1.5 }, 'f()', 'x')).toThrow(/seed must be an integer, got 1.5/);
  });
});
