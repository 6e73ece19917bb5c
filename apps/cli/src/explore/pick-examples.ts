/**
 * Which examples of a dataset a picture or an export shows: evenly spread, balanced over
 * classes, or random pairs. Indices only; {@link gatherExamples} copies the rows.
 */
import { type Dataset, exampleSize, type Rng } from '@ae/datasets';

/** Examples copied out of a dataset. */
export interface Examples {
  /** Row-major `[n, ...shape]` values. */
  x: Float32Array;
  /** Label of each example (0 for unlabelled data). */
  labels: Int32Array;
}

/** Copies the examples at `indices` (each in `[0, ds.count)`). */
export function gatherExamples(ds: Dataset, indices: readonly number[]): Examples {
  const size = exampleSize(ds);
  const x = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  indices.forEach((at, i) => {
    x.set(ds.x.subarray(at * size, (at + 1) * size), i * size);
    labels[i] = ds.labels?.[at] ?? 0;
  });
  return { x, labels };
}

/**
 * `min(n, count)` indices spread evenly over `[0, count)`, `floor(i · count / n)`, so a
 * dataset sorted by class or factor shows its variety.
 */
export function evenlySpaced(count: number, n: number): number[] {
  const k = Math.min(n, count);
  return Array.from({ length: k }, (_, i) => Math.floor((i * count) / k));
}

/**
 * `min(n, count)` indices balanced over classes: one example of each class in turn (the
 * classes in label order, each class's examples in dataset order) until `n` are taken; a
 * class that runs out leaves its turns to the others. Unlabelled data: {@link evenlySpaced}.
 */
export function balancedIndices(
  labels: Int32Array | undefined,
  count: number,
  n: number,
): number[] {
  if (labels === undefined) return evenlySpaced(count, n);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const c = labels[i] as number;
    const list = byClass.get(c) ?? [];
    list.push(i);
    byClass.set(c, list);
  }
  const queues = [...byClass.entries()].sort((a, b) => a[0] - b[0]).map(([, list]) => list);
  const out: number[] = [];
  const k = Math.min(n, count);
  for (let round = 0; out.length < k; round++) {
    for (const q of queues) {
      const at = q[round];
      if (at !== undefined && out.length < k) out.push(at);
    }
  }
  return out;
}

/**
 * `pairs` random pairs of distinct examples, drawn with `rng`. With `labels`, `classes`
 * says whether the two ends of a pair have `'different'` classes or the `'same'` class;
 * when the data cannot provide that (one class only, or no class with two examples) the
 * pair is drawn without the constraint.
 */
export function randomPairs(
  count: number,
  pairs: number,
  rng: Rng,
  labels?: Int32Array,
  classes: 'different' | 'same' = 'different',
): [number, number][] {
  if (count < 2) throw new RangeError(`randomPairs: need at least 2 examples, got ${count}.`);
  const out: [number, number][] = [];
  for (let p = 0; p < pairs; p++) {
    const a = rng.int(count);
    let b = -1;
    // Rejection sampling: a few hundred tries find a partner in any reasonable data.
    for (let tries = 0; tries < 1000 && b < 0; tries++) {
      const c = rng.int(count);
      if (c === a) continue;
      if (labels === undefined || (labels[c] === labels[a]) === (classes === 'same')) b = c;
    }
    if (b < 0) b = (a + 1 + rng.int(count - 1)) % count;
    out.push([a, b]);
  }
  return out;
}
