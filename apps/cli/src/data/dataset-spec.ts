/**
 * Commander parsers of the data flags: `--dataset`, `--noise` and `--class`. The forms and
 * their rules are `@ae/datasets`'s; here a bad value becomes commander's
 * `InvalidArgumentError`, which names the flag and the value.
 */
import {
  type CorruptionSpec,
  type DataSource,
  DatasetError,
  parseCorruptionSpec,
  parseDataSource,
} from '@ae/datasets';
import { InvalidArgumentError } from 'commander';
import { float32Problem } from '../options.js';

/** `parse(value)`, with a `DatasetError` turned into commander's `InvalidArgumentError`. */
function asFlagValue<T>(parse: (value: string) => T, value: string): T {
  try {
    return parse(value);
  } catch (error) {
    if (error instanceof DatasetError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

/** Parses a `--dataset` value (see `DATA_SOURCE_FORMS`); commander reports the flag and value. */
export function parseDatasetSpec(value: string): DataSource {
  return asFlagValue(parseDataSource, value);
}

/** Parses a `--noise` value such as `gaussian:0.3`. */
export function parseNoiseSpec(value: string): CorruptionSpec {
  const spec = asFlagValue(parseCorruptionSpec, value);
  const problem = float32Problem(spec.amount);
  if (problem) throw new InvalidArgumentError(problem);
  return spec;
}

/** Parses `--class 3` or `--class 3,8` or `--class Sneaker`: class names or labels. */
export function parseClassList(value: string): string[] {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.some((p) => p === '')) {
    throw new InvalidArgumentError(
      'Expected class names or labels separated by commas, e.g. 3 or 3,8.',
    );
  }
  return parts;
}
