/**
 * The held-out examples `ae anomaly` scores: every class of the run's validation data,
 * the normal class among them, and none of the examples the model trained on.
 */
import { type DataSource, type Dataset, parseDataSource, subset } from '@ae/datasets';
import type { ClassRef } from '@ae/evaluation';
import { CliError } from '../cli-error.js';
import { loadRunData, type Run } from '../run-dir.js';
import { resolveClass } from './normal-class.js';
import { otherClassRows } from './tabular-rows.js';

/** What {@link anomalySet} returns. */
export interface AnomalySet {
  /** The examples to score, labelled; label `normal.label` is normal, every other anomalous. */
  data: Dataset;
  /** The normal class. */
  normal: ClassRef;
  /** Name of the data for summaries, e.g. `'mnist'`. */
  name: string;
}

/** Options of {@link anomalySet}. */
export interface AnomalySetOptions {
  /** Other data than the run's own (`--dataset`). */
  dataset?: DataSource;
  /** At most this many examples per split (default: the run's `--limit`). */
  limit?: number;
}

/** `a` then `b`, as one labelled dataset. */
function concat(a: Dataset, b: Dataset, name: string): Dataset {
  const x = new Float32Array(a.x.length + b.x.length);
  x.set(a.x);
  x.set(b.x, a.x.length);
  const labels = new Int32Array(a.count + b.count);
  labels.set(a.labels ?? []);
  labels.set(b.labels ?? [], a.count);
  const classNames = a.classNames ?? b.classNames;
  return {
    name,
    x,
    shape: a.shape,
    count: a.count + b.count,
    labels,
    ...(classNames ? { classNames } : {}),
    domain: a.domain ?? 'unit',
  };
}

/** `ds` without the examples of class `label`. */
function without(ds: Dataset, label: number): Dataset {
  const keep: number[] = [];
  for (let i = 0; i < ds.count; i++) if (ds.labels?.[i] !== label) keep.push(i);
  return subset(ds, keep, `${ds.name}-other`);
}

/**
 * Loads the examples to score for normal class `token` (a name or label).
 *
 * A model trained on every class is scored on the validation data of every class. A model
 * trained on one class (`ae train --class k`) is scored on its own held-out examples of
 * k plus the validation examples of every other class: for data without a test split
 * (csv, shapes, images) the all-class split holds out other rows of k, some of which
 * the model trained on.
 *
 * @throws CliError `CLI_BAD_OPTION` for a token that is no class of the data, a model
 *   trained on other classes, or data without any example of another class.
 */
export async function anomalySet(
  run: Run,
  token: string,
  o: AnomalySetOptions = {},
): Promise<AnomalySet> {
  const options = {
    ...(o.dataset ? { dataset: o.dataset } : {}),
    ...(o.limit !== undefined ? { limit: o.limit } : {}),
  };
  const all = await loadRunData(run, { ...options, keepClasses: false });
  const normal = resolveClass(token, all.validation);
  const trained = run.runJson?.classes;
  let data = all.validation;
  if (trained !== undefined) {
    const labels = new Set(
      trained.map((t) => resolveClass(t, all.validation, 'ae train --class').label),
    );
    if (labels.size !== 1 || !labels.has(normal.label)) {
      throw new CliError(
        'CLI_BAD_OPTION',
        `--normal-class ${token}: the model in ${run.dir} was trained on class ${trained.join(',')} only, so that is its normal class. Pass --normal-class ${trained.join(',')}, or a model trained on class ${token} or on every class.`,
      );
    }
    const own = await loadRunData(run, options);
    const spec = o.dataset ?? parseDataSource(run.runJson?.dataset ?? '');
    const others =
      own.validation.domain === 'real' && spec.kind === 'csv'
        ? await otherClassRows(
            {
              path: spec.path,
              seed: run.runJson?.seed ?? 0,
              train: own.train,
              ...(run.runJson?.labelColumn ? { labelColumn: run.runJson.labelColumn } : {}),
              ...((o.limit ?? run.runJson?.limit) !== undefined
                ? { limit: (o.limit ?? run.runJson?.limit) as number }
                : {}),
            },
            normal.label,
          )
        : without(all.validation, normal.label);
    data = concat(own.validation, others, `${all.validation.name}-scored`);
  }
  let anomalies = 0;
  for (let i = 0; i < data.count; i++) if (data.labels?.[i] !== normal.label) anomalies++;
  if (anomalies === 0 || anomalies === data.count) {
    throw new CliError(
      'CLI_BAD_OPTION',
      `--normal-class ${token}: the validation data of ${all.name} has ${anomalies === 0 ? 'no example of another class' : `no example of class ${normal.name}`}, so there is nothing to tell apart. Use data with several classes (or a larger --limit).`,
    );
  }
  return { data, normal, name: all.name };
}
