/**
 * Keeping only some classes of a labelled dataset, e.g. "only digit 3" to train a
 * one-class anomaly detector.
 */

import { type Dataset, subset } from './dataset.js';
import { DatasetError } from './dataset-error.js';

function available(ds: Dataset, labels: Int32Array): string {
  if (ds.classNames !== undefined) {
    return ds.classNames.map((name, k) => `${k} ('${name}')`).join(', ');
  }
  return [...new Set(labels)].sort((a, b) => a - b).join(', ');
}

/** The label value of one requested class. */
function resolveClass(ds: Dataset, labels: Int32Array, wanted: number | string): number {
  const where = `filterClasses('${ds.name}')`;
  const notFound = (why: string) =>
    new DatasetError(
      'CLASS_NOT_FOUND',
      `${where}: class ${JSON.stringify(wanted)} ${why}. Available: ${available(ds, labels)}.`,
    );
  if (typeof wanted === 'string') {
    if (ds.classNames === undefined) {
      throw notFound('is a name but the dataset has no classNames; pass label numbers');
    }
    const index = ds.classNames.indexOf(wanted);
    if (index < 0) throw notFound('is not one of its class names');
    return index;
  }
  if (!Number.isInteger(wanted)) throw notFound('is neither an integer label nor a class name');
  const known =
    ds.classNames !== undefined
      ? wanted >= 0 && wanted < ds.classNames.length
      : labels.includes(wanted);
  if (!known) throw notFound('is not one of its labels');
  return wanted;
}

/**
 * A new dataset with only the examples whose class is in `classes`, in their
 * original order. A class is a label value (number) or a class name (string, looked
 * up in `classNames`). The examples keep their original label values and the full
 * `classNames` list (so label 3 still means '3'; remap yourself if you need labels
 * 0 … k−1). Factors and domain follow. Named `${ds.name}-${class names joined by '+'}`.
 *
 * @throws DatasetError `DATASET_BAD_OPTIONS` for an unlabelled dataset or an empty
 *   `classes`; `CLASS_NOT_FOUND` naming an unknown class and listing the available
 *   ones; `DATASET_EMPTY` when no example has one of the classes.
 *
 * @example
 * const threes = filterClasses(train, ['3']); // or [3]
 */
export function filterClasses(ds: Dataset, classes: readonly (number | string)[]): Dataset {
  const where = `filterClasses('${ds.name}')`;
  const labels = ds.labels;
  if (labels === undefined) {
    throw new DatasetError(
      'DATASET_BAD_OPTIONS',
      `${where}: the dataset has no labels, so there are no classes to keep.`,
    );
  }
  if (!Array.isArray(classes) || classes.length === 0) {
    throw new DatasetError(
      'DATASET_BAD_OPTIONS',
      `${where}: classes must be a non-empty list of labels or class names, got ${JSON.stringify(classes)}.`,
    );
  }
  const keep = new Set(classes.map((c) => resolveClass(ds, labels, c)));
  const indices: number[] = [];
  for (let i = 0; i < labels.length; i++) if (keep.has(labels[i] as number)) indices.push(i);
  const names = [...keep].map((k) => ds.classNames?.[k] ?? String(k));
  if (indices.length === 0) {
    throw new DatasetError(
      'DATASET_EMPTY',
      `${where}: no example has class ${names.join(' or ')}. Pick classes that occur in this dataset.`,
    );
  }
  return subset(ds, indices, `${ds.name}-${names.join('+')}`);
}
