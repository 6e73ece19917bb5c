/** Input checks shared by the charts; each throws a {@link PlotError} naming the chart. */

import { PlotError } from './plot-error.js';
import { DEFAULT_SIZE } from './render.js';

/** Throws unless every value of `values` is finite (and > 0 when `positive`). */
export function checkFinite(
  fn: string,
  what: string,
  values: ArrayLike<number>,
  positive = false,
): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) {
      throw new PlotError(
        'PLOT_NOT_FINITE',
        `${fn}: ${what}[${i}] is ${v}; every value must be a finite number. Drop or fix such values before plotting.`,
      );
    }
    if (positive && v <= 0) {
      throw new PlotError(
        'PLOT_NOT_POSITIVE',
        `${fn}: ${what}[${i}] is ${v}, but a log axis needs values > 0. Plot with logY: false, or drop values ≤ 0.`,
      );
    }
  }
}

/** Throws unless two aligned arrays have the same length. */
export function checkSameLength(fn: string, a: string, an: number, b: string, bn: number): void {
  if (an !== bn) {
    throw new PlotError(
      'PLOT_LENGTH_MISMATCH',
      `${fn}: ${a} has ${an} values but ${b} has ${bn}; they must be aligned, one per point.`,
    );
  }
}

/** The chart size: given values checked (integers 100…4000), else the defaults. */
export function chartSize(fn: string, o: { width?: number; height?: number }) {
  const size = { width: o.width ?? DEFAULT_SIZE.width, height: o.height ?? DEFAULT_SIZE.height };
  for (const [k, v] of Object.entries(size)) {
    if (!Number.isInteger(v) || v < 100 || v > 4000) {
      throw new PlotError(
        'PLOT_BAD_OPTION',
        `${fn}: ${k} is ${v}; pass an integer number of pixels from 100 to 4000 (default ${DEFAULT_SIZE[k as 'width']}).`,
      );
    }
  }
  return size;
}
