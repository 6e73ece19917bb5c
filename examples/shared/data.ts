/** Small helpers between datasets, models and pictures. */
import { type Dataset, subset, toTensor } from '@ae/datasets';
import * as tf from '@tensorflow/tfjs-core';

/** The pixels of examples `indices` of `ds`, row-major. */
export function pixelsOf(ds: Dataset, indices: ArrayLike<number>): Float32Array {
  return subset(ds, indices).x;
}

/** Runs `fn` on examples `indices` of `ds` as one tensor and reads the result back. */
export async function mapImages(
  ds: Dataset,
  indices: ArrayLike<number>,
  fn: (x: tf.Tensor) => tf.Tensor,
): Promise<Float32Array> {
  const out = tf.tidy(() => fn(toTensor(ds, indices)));
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}

/** Reads a tensor the caller made, then disposes it. */
export async function readAndDispose(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

/** The first `perClass` indices of each class 0 … classes − 1 of a labelled dataset, class by class. */
export function firstOfEachClass(ds: Dataset, classes: number, perClass = 1): number[] {
  const labels = ds.labels;
  if (labels === undefined)
    throw new Error(`firstOfEachClass: dataset '${ds.name}' has no labels.`);
  const out: number[] = [];
  for (let k = 0; k < classes; k++) {
    let found = 0;
    for (let i = 0; i < ds.count && found < perClass; i++) {
      if (labels[i] === k) {
        out.push(i);
        found++;
      }
    }
  }
  return out;
}

/** `0, 1, …, n − 1`. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
