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

/** Largest float32 (≈ 3.4e38): numbers reach the model in float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * The refusal of a number float32 cannot hold: beyond its range it would become Infinity,
 * a positive number below its smallest one would become 0.
 */
export function float32Problem(n: number): string | undefined {
  if (Math.abs(n) > FLOAT32_MAX) {
    return `It exceeds float32's range (±3.4e38), the precision the model computes in; give a smaller number.`;
  }
  if (n !== 0 && Math.fround(n) === 0) {
    return `It is below float32's smallest number (1.4e-45), the precision the model computes in, so it would be 0.`;
  }
  return undefined;
}

/** Parses a flag value as a number > 0 that float32 holds. */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || Number.isNaN(n) || n <= 0) {
    throw new InvalidArgumentError('Expected a number > 0, e.g. 0.001.');
  }
  const problem = float32Problem(n);
  if (problem) throw new InvalidArgumentError(problem);
  return n;
}

/** Parses a flag value as a number ≥ 0 that float32 holds. */
export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || Number.isNaN(n) || n < 0) {
    throw new InvalidArgumentError('Expected a number ≥ 0, e.g. 4.');
  }
  const problem = float32Problem(n);
  if (problem) throw new InvalidArgumentError(problem);
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
