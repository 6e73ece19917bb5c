/** `--normal-class`: a class name or label of the data, resolved to its label. */
import { classOfToken, type Dataset } from '@ae/datasets';
import { type ClassRef, classesOf } from '@ae/evaluation';
import { CliError } from '../cli-error.js';

/**
 * Resolves `token` as `ae train --class` does (`classOfToken`): one of the data's class
 * names is a name (MNIST's '3', Fashion-MNIST's 'Sneaker'); any other integer is a label.
 *
 * @throws CliError `CLI_BAD_OPTION` for unlabelled data or a token that is neither,
 *   listing the classes there are.
 */
export function resolveClass(token: string, ds: Dataset, flag = '--normal-class'): ClassRef {
  if (ds.labels === undefined) {
    throw new CliError(
      'CLI_BAD_OPTION',
      `${flag} ${token}: the data '${ds.name}' has no labels, so it has no classes. For csv: data pass --label-column; for images: one subfolder per class.`,
    );
  }
  const classes = classesOf(ds);
  const wanted = classOfToken(ds, token);
  const found = classes.find((c) => (typeof wanted === 'number' ? c.label : c.name) === wanted);
  if (found) return found;
  const list = classes.map((c) => (c.name === String(c.label) ? c.name : `${c.label} (${c.name})`));
  throw new CliError(
    'CLI_BAD_OPTION',
    `${flag} ${token} is not a class of '${ds.name}'; its classes are ${list.join(', ')}.`,
  );
}
