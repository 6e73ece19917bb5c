/**
 * Checking and slicing the ground-truth `factors` of a dataset alongside its rows.
 */

import type { DatasetFactors } from './dataset.js';

/**
 * The first broken rule of `factors` for a dataset of `count` examples, or
 * undefined if there is none: `names`, `sizes` and `levels` aligned, sizes positive
 * integers, `levels[f].length === sizes[f]` with finite numbers, `values` an
 * Int32Array of `count × names.length` entries with each index in `[0, sizes[f])`.
 */
export function factorsProblem(factors: DatasetFactors, count: number): string | undefined {
  const { names, sizes, levels, values } = factors;
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
    return 'factors.names must be an array of strings';
  }
  const k = names.length;
  if (!Array.isArray(sizes) || sizes.length !== k) {
    return `factors.sizes must have one entry per name (${k}), got ${Array.isArray(sizes) ? sizes.length : typeof sizes}`;
  }
  if (!Array.isArray(levels) || levels.length !== k) {
    return `factors.levels must have one list per name (${k}), got ${Array.isArray(levels) ? levels.length : typeof levels}`;
  }
  for (let f = 0; f < k; f++) {
    const size = sizes[f] as number;
    const level = levels[f];
    if (!Number.isInteger(size) || size < 1) {
      return `factors.sizes[${f}] ('${names[f]}') must be an integer ≥ 1, got ${size}`;
    }
    if (!Array.isArray(level) || level.length !== size) {
      return `factors.levels[${f}] ('${names[f]}') must list ${size} values (its size), got ${Array.isArray(level) ? level.length : typeof level}`;
    }
    if (!level.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      return `factors.levels[${f}] ('${names[f]}') must hold finite numbers`;
    }
  }
  if (!(values instanceof Int32Array)) return 'factors.values must be an Int32Array';
  if (values.length !== count * k) {
    return `factors.values has ${values.length} entries but count × names = ${count} × ${k} = ${count * k}`;
  }
  for (let i = 0; i < values.length; i++) {
    const f = i % k;
    const v = values[i] as number;
    const size = sizes[f] as number;
    if (v < 0 || v >= size) {
      return `factor '${names[f]}' of example ${Math.floor(i / k)} is ${v}, expected in [0, ${size})`;
    }
  }
  return undefined;
}

/** Factors of the examples at `indices`, in that order; `values` is a copy (indices unchecked). */
export function gatherFactors(factors: DatasetFactors, indices: ArrayLike<number>): DatasetFactors {
  const k = factors.names.length;
  const values = new Int32Array(indices.length * k);
  for (let i = 0; i < indices.length; i++) {
    const start = (indices[i] as number) * k;
    values.set(factors.values.subarray(start, start + k), i * k);
  }
  return { ...factors, values };
}

/** Factors of the first `n` examples; `values` is a view (no copy). */
export function sliceFactors(factors: DatasetFactors, n: number): DatasetFactors {
  return { ...factors, values: factors.values.subarray(0, n * factors.names.length) };
}
