/**
 * A corruption for denoising named as one line of text, `<kind>:<amount>`
 * (`gaussian:0.3`, `salt-pepper:0.1`, `mask:0.25`), and the corruption it stands for.
 */

import { obeys } from '@ae/core';
import { type Corruption, gaussianNoise, maskingNoise, saltAndPepper } from './corruptions.js';
import type { Dataset } from './dataset.js';
import { DatasetError } from './dataset-error.js';

/** A corruption as plain data, e.g. `{ kind: 'gaussian', amount: 0.3 }`. */
export interface CorruptionSpec {
  /**
   * `'gaussian'`: additive Gaussian noise, `amount` = its standard deviation (≥ 0);
   * `'salt-pepper'`: `amount` = the fraction of values set to 0 or 1, in [0, 1];
   * `'mask'`: `amount` = the fraction of values set to 0, in [0, 1].
   */
  readonly kind: 'gaussian' | 'salt-pepper' | 'mask';
  /** The parameter of the kind. */
  readonly amount: number;
}

/** The text forms {@link parseCorruptionSpec} accepts, for help texts. */
export const CORRUPTION_SPEC_FORMS = 'gaussian:<std>, salt-pepper:<fraction> or mask:<fraction>';

/**
 * Reads a corruption from its text form `<kind>:<amount>` (see {@link CORRUPTION_SPEC_FORMS}).
 *
 * @throws DatasetError `DATASET_BAD_CORRUPTION` naming the text: an unknown kind, a
 *   missing or negative amount, a fraction above 1.
 *
 * @example
 * parseCorruptionSpec('salt-pepper:0.1'); // { kind: 'salt-pepper', amount: 0.1 }
 */
export function parseCorruptionSpec(text: string): CorruptionSpec {
  const at = text.indexOf(':');
  const kind = at < 0 ? text : text.slice(0, at);
  const amountText = at < 0 ? undefined : text.slice(at + 1);
  const bad = (message: string) => new DatasetError('DATASET_BAD_CORRUPTION', message);
  if (kind !== 'gaussian' && kind !== 'salt-pepper' && kind !== 'mask') {
    throw bad(`Expected ${CORRUPTION_SPEC_FORMS}, e.g. gaussian:0.3 (got '${text}').`);
  }
  const amount = Number(amountText);
  if (amountText === undefined || amountText.trim() === '' || !obeys(amount, 'non-negative')) {
    throw bad(`${kind} needs an amount ≥ 0, e.g. ${kind}:0.3 (got '${text}').`);
  }
  if (kind !== 'gaussian' && !obeys(amount, 'probability')) {
    throw bad(`${kind}:<fraction> needs a fraction in [0, 1], got ${amount}.`);
  }
  return { kind, amount };
}

/**
 * The corruption a spec stands for, fitting the data's domain: Gaussian noise is
 * clipped to [0, 1] for unit-domain data (the default) and left unclipped for
 * `'real'` data; salt-and-pepper and masking write 0 and 1 whatever the domain.
 *
 * @throws DatasetError `DATASET_BAD_PARAMETER` for an amount out of range (as the
 *   corruptions check it).
 *
 * @example
 * const noise = corruptionFromSpec({ kind: 'gaussian', amount: 0.3 }, train.domain);
 */
export function corruptionFromSpec(spec: CorruptionSpec, domain: Dataset['domain']): Corruption {
  switch (spec.kind) {
    case 'gaussian':
      return gaussianNoise({ std: spec.amount, clip: domain !== 'real' });
    case 'salt-pepper':
      return saltAndPepper({ amount: spec.amount });
    case 'mask':
      return maskingNoise({ rate: spec.amount });
    default:
      throw new DatasetError(
        'DATASET_BAD_CORRUPTION',
        `corruptionFromSpec: kind must be 'gaussian', 'salt-pepper' or 'mask', got ${JSON.stringify((spec as { kind?: unknown }).kind)}.`,
      );
  }
}
