/** The classes of a labelled dataset, as the per-class reports list them. */
import type { Dataset } from '@ae/datasets';

/** One class of a dataset. */
export interface ClassRef {
  /** Its label value in the data. */
  label: number;
  /** Its name (`classNames[label]`, or the label as text for unnamed classes). */
  name: string;
}

/**
 * The classes of `data`: one per entry of `classNames` when it has them, else one per label
 * value that occurs, ascending, named by the label. Unlabelled data without names has none.
 */
export function classesOf(data: Pick<Dataset, 'labels' | 'classNames'>): ClassRef[] {
  if (data.classNames) return data.classNames.map((name, label) => ({ label, name }));
  const labels = [...new Set(data.labels ?? [])].sort((a, b) => a - b);
  return labels.map((label) => ({ label, name: String(label) }));
}
