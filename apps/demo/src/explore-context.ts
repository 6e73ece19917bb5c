/**
 * What the Explore tab's views share: the loaded bundle, the codes of its examples, the
 * current latent point (which the plane and the sliders move and the decoded view shows) and,
 * for conditional models, the chosen class.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ExploreBundle } from './explore-source.js';

/** Examples per forward pass. */
const CHUNK = 250;

/** Who changed the latent point, so a view can skip echoing its own change. */
export type LatentSource = 'plane' | 'slider' | 'reset';

/** The shared state of the Explore tab. */
export class ExploreContext {
  /** The current latent point, `[latentDim]`: 0 at first (Gaussian prior), else example 1's code. */
  readonly z: Float32Array;
  /** The chosen class of a conditional model. */
  label = 0;
  private readonly latentListeners: Array<(source: LatentSource) => void> = [];
  private readonly labelListeners: Array<() => void> = [];

  private constructor(
    /** The loaded model, its metadata and examples. */
    readonly bundle: ExploreBundle,
    /** Codes of the examples, `count × latentDim`. */
    readonly codes: Float32Array,
    /** Per latent dimension, the range its sliders and the plane span. */
    readonly ranges: Array<[number, number]>,
  ) {
    this.z = startsAtPriorMean(bundle)
      ? new Float32Array(bundle.model.latentDim)
      : codes.slice(0, bundle.model.latentDim);
  }

  /** Encodes `bundle`'s examples and builds the context. */
  static async create(bundle: ExploreBundle): Promise<ExploreContext> {
    const { model, meta, examples } = bundle;
    const size = meta.inputShape[0] * meta.inputShape[1] * meta.inputShape[2];
    const d = model.latentDim;
    const count = meta.examples.count;
    const codes = new Float32Array(count * d);
    for (let start = 0; start < count; start += CHUNK) {
      const n = Math.min(CHUNK, count - start);
      const x = tf.tensor(examples.subarray(start * size, (start + n) * size), [
        n,
        ...meta.inputShape,
      ]);
      const labels = conditionalLabels(bundle, meta.examples.labels.slice(start, start + n));
      const z = model.encode(x, labels ? { labels } : {});
      codes.set((await z.data()) as Float32Array, start * d);
      tf.dispose([x, labels, z]);
    }
    const ranges = codeRanges(codes, count, d);
    return new ExploreContext(
      bundle,
      codes,
      startsAtPriorMean(bundle) ? centredRanges(ranges) : ranges,
    );
  }

  /** True for models that need a class to decode (numClasses > 0). */
  get conditional(): boolean {
    return (this.bundle.model.numClasses ?? 0) > 0;
  }

  /** Class names of a conditional model (or of the data). */
  get classNames(): string[] {
    const n = Math.max(this.bundle.model.numClasses ?? 0, this.bundle.meta.numClasses);
    return this.bundle.meta.classNames ?? Array.from({ length: n }, (_, i) => String(i));
  }

  /** Labels `[n]` of the chosen class for a conditional model, else `undefined`. Caller owns. */
  labelTensor(n: number): tf.Tensor | undefined {
    return this.conditional ? tf.fill([n], this.label, 'int32') : undefined;
  }

  /** Sets some coordinates of the latent point and tells the views. */
  setLatent(values: Record<number, number>, source: LatentSource): void {
    for (const [dim, v] of Object.entries(values)) this.z[Number(dim)] = v;
    for (const fn of this.latentListeners) fn(source);
  }

  /** Calls `fn` whenever the latent point changes. */
  onLatent(fn: (source: LatentSource) => void): void {
    this.latentListeners.push(fn);
  }

  /** Sets the class for conditional models and tells the views. */
  setLabel(label: number): void {
    this.label = label;
    for (const fn of this.labelListeners) fn();
  }

  /** Calls `fn` whenever the class changes. */
  onLabel(fn: () => void): void {
    this.labelListeners.push(fn);
  }

  /** Frees the model. */
  dispose(): void {
    this.bundle.model.dispose();
  }
}

/**
 * Whether the latent point starts at the prior's mean, 0: for models with a Gaussian prior.
 * Other codes need not lie around 0 (a plain autoencoder's, a VQ-VAE's few codes): they start
 * at the first example's code.
 */
export function startsAtPriorMean(bundle: ExploreBundle): boolean {
  return (
    bundle.meta.hasPrior && bundle.meta.codebook === undefined && !('codeIndices' in bundle.model)
  );
}

/**
 * Ranges centred on 0 that hold `ranges`: `[−m, m]` with m the larger end's magnitude. A
 * model that starts at 0 then shows its sliders in the middle, and the plane around the
 * prior's mean, even when the codes lie to one side of it.
 */
export function centredRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  return ranges.map(([lo, hi]) => {
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    return [-m, m];
  });
}

/** Labels of examples as a tensor, for conditional models only. Caller owns. */
export function conditionalLabels(bundle: ExploreBundle, labels: number[]): tf.Tensor | undefined {
  if ((bundle.model.numClasses ?? 0) === 0 || labels.length === 0) return undefined;
  return tf.tensor1d(labels, 'int32');
}

/** Each dimension's [min, max] over the codes, widened by 10% (or ±1 when all are equal). */
export function codeRanges(codes: Float32Array, count: number, d: number): Array<[number, number]> {
  return Array.from({ length: d }, (_, j) => {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      const v = codes[i * d + j] as number;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (!(hi > lo)) return [Number.isFinite(lo) ? lo - 1 : -1, Number.isFinite(hi) ? hi + 1 : 1];
    const pad = (hi - lo) * 0.1;
    return [lo - pad, hi + pad];
  });
}
