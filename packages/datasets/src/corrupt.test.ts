import { createRng } from '@ae/backend';
import { describe, expect, it } from 'vitest';
import { corrupt } from './corrupt.js';
import { type Corruption, maskingNoise } from './corruptions.js';
import { type Dataset, validateDataset } from './dataset.js';
import { DatasetError } from './dataset-error.js';

function make(): Dataset {
  return {
    name: 'grey',
    x: new Float32Array(2 * 50).fill(0.5),
    shape: [5, 10, 1],
    count: 2,
    labels: Int32Array.from([1, 0]),
    classNames: ['a', 'b'],
    domain: 'unit',
  };
}

describe('corrupt', () => {
  it('applies the corruption to all of x with the seeded generator', () => {
    const ds = make();
    const c = maskingNoise({ rate: 0.5 });
    const noisy = corrupt(ds, c, { seed: 3 });
    expect(noisy.x).toEqual(c(ds.x, createRng(3)));
    expect(noisy.x.some((v) => v === 0)).toBe(true);
    expect(noisy.name).toBe('grey-corrupted');
    expect(noisy.labels).toBe(ds.labels);
    expect(noisy.classNames).toBe(ds.classNames);
    expect(noisy.domain).toBe('unit');
    expect(ds.x.every((v) => v === 0.5)).toBe(true);
    validateDataset(noisy, { checkValues: true });
    expect(corrupt(ds, c, { seed: 3, name: 'n' }).name).toBe('n');
  });

  it('repeats for a seed and differs between calls with one rng', () => {
    const c = maskingNoise({ rate: 0.5 });
    expect(corrupt(make(), c, { seed: 1 }).x).toEqual(corrupt(make(), c, { seed: 1 }).x);
    const rng = createRng(1);
    expect(corrupt(make(), c, { rng }).x).not.toEqual(corrupt(make(), c, { rng }).x);
  });

  it('rejects a corruption that returns the wrong length or its input, and a missing seed', () => {
    const short: Corruption = (x) => x.slice(1);
    expect(() => corrupt(make(), short, { seed: 0 })).toThrow(
      /must return a Float32Array of 100 values, got 99 values/,
    );
    expect(() => corrupt(make(), (x) => x, { seed: 0 })).toThrow(/returned its input array/);
    expect(() => corrupt(make(), maskingNoise({ rate: 0.1 }), {})).toThrow(DatasetError);
    expect(() => corrupt(make(), 'noise' as unknown as Corruption, { seed: 0 })).toThrow(
      /corruption must be a function/,
    );
  });
});
