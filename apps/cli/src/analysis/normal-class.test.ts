import type { Dataset } from '@ae/datasets';
import { describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { resolveClass } from './normal-class.js';

const data = (labels: number[], classNames?: string[]): Dataset => ({
  name: 'toy',
  x: new Float32Array(labels.length),
  shape: [1, 1, 1],
  count: labels.length,
  labels: Int32Array.from(labels),
  ...(classNames ? { classNames } : {}),
});

describe('resolveClass', () => {
  it('takes a class name first, then a label number', () => {
    const named = data([0, 1, 2], ['Sneaker', 'Bag', '0']);
    expect(resolveClass('Bag', named)).toEqual({ label: 1, name: 'Bag' });
    // '0' is a name here (class 2), as `ae train --class` reads it.
    expect(resolveClass('0', named)).toEqual({ label: 2, name: '0' });
    expect(resolveClass('1', named)).toEqual({ label: 1, name: 'Bag' });
    expect(resolveClass('4', data([4, 7]))).toEqual({ label: 4, name: '4' });
  });

  it('names the flag, the value and the classes there are', () => {
    const named = data([0, 1], ['ok', 'fault']);
    expect(() => resolveClass('7', named)).toThrow(CliError);
    expect(() => resolveClass('7', named)).toThrow(
      "--normal-class 7 is not a class of 'toy'; its classes are 0 (ok), 1 (fault).",
    );
    expect(() => resolveClass('5', data([4, 7]))).toThrow('its classes are 4, 7.');
    const unlabelled = { ...data([0]), labels: undefined } as Dataset;
    expect(() => resolveClass('0', unlabelled)).toThrow(/has no labels.*--label-column/);
  });
});
