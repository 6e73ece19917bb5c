/**
 * Classes named as text (a command-line `3,8` or `Sneaker`): which tokens are class
 * names and which are label numbers.
 */

import type { Dataset } from './dataset.js';
import { filterClasses } from './filter-classes.js';

/**
 * The class a text token means in `ds`: a token that is one of its class names is that
 * name (MNIST's `'3'`, Fashion-MNIST's `'Sneaker'`); any other run of digits is a label
 * number; anything else stays a name (which `filterClasses` then reports as unknown).
 * A number is already a label and is returned as it is.
 *
 * @example
 * classOfToken(fashion, 'Sneaker'); // 'Sneaker'
 * classOfToken(fashion, '7');       // 7 (its class names are words)
 * classOfToken(mnist, '7');         // '7' (a class name of MNIST)
 */
export function classOfToken(ds: Dataset, token: string | number): string | number {
  if (typeof token === 'number') return token;
  return ds.classNames?.includes(token) || !/^\d+$/.test(token) ? token : Number(token);
}

/**
 * Only the examples of the classes `tokens` name, read by {@link classOfToken}, in their
 * original order and with their original labels (see `filterClasses`).
 *
 * @throws DatasetError every error of `filterClasses`: `DATASET_BAD_OPTIONS` (no labels,
 *   no tokens), `CLASS_NOT_FOUND` listing the classes there are, `DATASET_EMPTY`.
 *
 * @example
 * const shoes = keepClasses(fashion, ['Sneaker', '9']); // Sneaker and Ankle boot
 */
export function keepClasses(ds: Dataset, tokens: readonly (string | number)[]): Dataset {
  // A non-array goes to filterClasses as it is, which says what it expected.
  return filterClasses(ds, Array.isArray(tokens) ? tokens.map((t) => classOfToken(ds, t)) : tokens);
}
