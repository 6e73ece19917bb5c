/** Reading loss terms back from the backend and averaging them over an epoch. */
import type * as tf from '@tensorflow/tfjs-core';
import type { Logs } from './callbacks.js';

/** Reads scalar loss terms back from the backend, by name. Does not dispose them. */
export async function readTerms(terms: Record<string, tf.Scalar>): Promise<Logs> {
  const names = Object.keys(terms);
  const values = await Promise.all(names.map((n) => (terms[n] as tf.Scalar).data()));
  return Object.fromEntries(names.map((n, i) => [n, values[i]?.[0] ?? Number.NaN]));
}

/** Running sums of loss terms, weighted by batch size. */
export class Accumulator {
  private sums: Record<string, number> = {};
  private count = 0;

  add(values: Logs, size: number): void {
    for (const [k, v] of Object.entries(values)) this.sums[k] = (this.sums[k] ?? 0) + v * size;
    this.count += size;
  }

  means(prefix = ''): Logs {
    const out: Logs = {};
    for (const [k, v] of Object.entries(this.sums)) out[prefix + k] = v / this.count;
    return out;
  }
}
