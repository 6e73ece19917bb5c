import type { Dataset } from '@ae/datasets';
import { describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { binarizedCopy } from './binarized-data.js';

/** 2,000 examples of 4 pixels with grey values 0, 0.25, 0.8 and 1. */
function grey(): Dataset {
  const count = 2000;
  const x = new Float32Array(count * 4);
  for (let i = 0; i < count; i++) x.set([0, 0.25, 0.8, 1], i * 4);
  return {
    name: 'grey',
    x,
    shape: [2, 2, 1],
    count,
    labels: Int32Array.from({ length: count }, (_, i) => i % 3),
    classNames: ['a', 'b', 'c'],
    factors: {
      names: ['f'],
      sizes: [2],
      levels: [[0, 1]],
      values: Int32Array.from({ length: count }, (_, i) => i % 2),
    },
  };
}

describe('binarizedCopy', () => {
  it('draws every pixel as Bernoulli(p): 0/1 values whose means approach p', () => {
    const data = grey();
    const before = Float32Array.from(data.x);
    const copy = binarizedCopy(data, 0, '--binarize stochastic');
    expect(copy.x).not.toBe(data.x);
    expect(data.x).toEqual(before);
    expect(copy.x.every((v) => v === 0 || v === 1)).toBe(true);
    const ones = [0, 0, 0, 0];
    for (let i = 0; i < copy.x.length; i++) (ones[i % 4] as number) += copy.x[i] as number;
    const means = ones.map((n) => n / 2000);
    // p = 0 and p = 1 are certain; the others within 4 standard errors √(p(1 − p)/n).
    expect(means[0]).toBe(0);
    expect(means[3]).toBe(1);
    expect(Math.abs((means[1] as number) - 0.25)).toBeLessThan(4 * Math.sqrt(0.1875 / 2000));
    expect(Math.abs((means[2] as number) - 0.8)).toBeLessThan(4 * Math.sqrt(0.16 / 2000));
  });

  it('keeps labels, class names, factors and shape; the seed fixes the copy', () => {
    const data = grey();
    const a = binarizedCopy(data, 3, 'x');
    expect(a.labels).toBe(data.labels);
    expect(a.classNames).toBe(data.classNames);
    expect(a.factors).toBe(data.factors);
    expect([a.shape, a.count, a.name]).toEqual([data.shape, data.count, 'grey-binarized']);
    expect(binarizedCopy(data, 3, 'x').x).toEqual(a.x);
    expect(binarizedCopy(data, 4, 'x').x).not.toEqual(a.x);
  });

  it('refuses real-valued data, naming the flag and the data', () => {
    const real = { ...grey(), name: 'csv:readings.csv', domain: 'real' as const };
    expect(() => binarizedCopy(real, 0, '--binarize stochastic')).toThrow(CliError);
    expect(() => binarizedCopy(real, 0, '--binarize stochastic')).toThrow(
      /^--binarize stochastic: csv:readings.csv holds real-valued features.*Use --binarize none\.$/,
    );
  });
});
