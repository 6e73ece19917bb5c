import { InvalidArgumentError } from 'commander';

/** Parses a flag value as an integer > 0 (commander names the flag and value on error). */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(n) || n <= 0) {
    throw new InvalidArgumentError('Expected a positive integer, e.g. 10.');
  }
  return n;
}

/** Parses a flag value as any integer. */
export function integer(value: string): number {
  const n = Number(value);
  if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError('Expected an integer, e.g. 1.');
  }
  return n;
}

/** Parses a flag value as a finite number > 0. */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError('Expected a number > 0, e.g. 0.001.');
  }
  return n;
}

/** Parses a flag value as a finite number ≥ 0. */
export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new InvalidArgumentError('Expected a number ≥ 0, e.g. 4.');
  }
  return n;
}

/** Parses a comma-separated list of positive integers, e.g. `512,256`. */
export function widthList(value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const widths = parts.map(Number);
  if (parts.some((p) => !/^\d+$/.test(p)) || widths.some((w) => w <= 0)) {
    throw new InvalidArgumentError('Expected comma-separated positive layer widths, e.g. 512,256.');
  }
  return widths;
}
