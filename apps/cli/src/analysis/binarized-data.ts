/**
 * A stochastically binarized copy of a dataset, for evaluating a model trained on
 * dynamically binarized pixels: its Bernoulli likelihood is a likelihood only for 0/1 data.
 */
import { binarize, createRng, type Dataset } from '@ae/datasets';
import { CliError } from '../cli-error.js';

/**
 * A copy of `data` whose every value is drawn once as Bernoulli(p = value), from a
 * generator seeded by `seed` (the same seed gives the same copy). Labels, class names
 * and factors are kept; `data` is not changed.
 *
 * @param flag The flag that asked for it, for the error message (e.g. `'--binarize stochastic'`).
 * @throws CliError `CLI_BAD_OPTION` for real-valued data (standardized tabular features).
 */
export function binarizedCopy(
  data: Dataset,
  seed: number,
  flag: string,
  /** The data's name for the message, e.g. `'csv:readings.csv'`; default `data.name`. */
  dataName: string = data.name,
): Dataset {
  if ((data.domain ?? 'unit') !== 'unit') {
    throw new CliError(
      'CLI_BAD_OPTION',
      `${flag}: ${dataName} holds real-valued features, not pixels in [0, 1], so they cannot be drawn as Bernoulli(p = pixel). Use --binarize none.`,
    );
  }
  return { ...data, name: `${data.name}-binarized`, x: binarize(data.x, createRng(seed)) };
}
