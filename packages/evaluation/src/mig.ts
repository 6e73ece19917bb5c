/**
 * The mutual information gap (MIG) of Chen et al. (2018), "Isolating sources of
 * disentanglement in variational autoencoders": how much better the most informative
 * code dimension predicts each ground-truth factor than the runner-up.
 */
import type { DatasetFactors } from '@ae/datasets';
import { badOption } from './evaluation-batches.js';

/** Options of {@link mutualInformationGap}. */
export interface MigOptions {
  /**
   * Equal-width bins each code dimension is discretized into, over its own range
   * [min, max]; an integer ≥ 2. Default 20.
   */
  bins?: number;
}

/** The MIG details of one ground-truth factor. */
export interface FactorGap {
  /** Name of the factor, from `factors.names`. */
  name: string;
  /** Entropy H(v_k) of the factor over the examples, in nats. */
  entropy: number;
  /**
   * (I₍₁₎ − I₍₂₎) / H(v_k): the normalized gap between the two largest mutual
   * informations, in [0, 1]; 0 for a factor that never varies (H = 0).
   */
  gap: number;
  /** I(v_k; z_j) for every code dimension j, in nats. */
  mutualInformation: number[];
  /** The code dimension with the largest mutual information with this factor. */
  bestDim: number;
}

/** What {@link mutualInformationGap} returns. */
export interface MigResult {
  /** Mean of `gap` over the factors with H(v_k) > 0; in [0, 1], higher is more disentangled. */
  mig: number;
  /** Details of every factor, in the order of `factors.names`. */
  factors: FactorGap[];
}

const WHERE = 'mutualInformationGap';

/** Entropy in nats of a histogram of `total` counts. */
function entropy(counts: ArrayLike<number>, total: number): number {
  let h = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] as number;
    if (c > 0) h -= (c / total) * Math.log(c / total);
  }
  return h;
}

/** Bin index of every example for every code dimension, `[count, dims]`. */
function discretize(codes: Float32Array, count: number, dims: number, bins: number): Int32Array {
  const binned = new Int32Array(count * dims);
  for (let j = 0; j < dims; j++) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      const v = codes[i * dims + j] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const width = (hi - lo) / bins;
    for (let i = 0; i < count; i++) {
      const v = codes[i * dims + j] as number;
      // A constant dimension (width 0) falls into bin 0; the maximum into the last bin.
      const b = width > 0 ? Math.floor((v - lo) / width) : 0;
      binned[i * dims + j] = Math.min(b, bins - 1);
    }
  }
  return binned;
}

function checkArguments(
  codes: Float32Array,
  dims: number,
  factors: DatasetFactors,
  bins: number,
): number {
  if (!(codes instanceof Float32Array)) {
    badOption(WHERE, 'codes must be a Float32Array [count, dims] (e.g. from latentCodes()).');
  }
  if (!Number.isInteger(dims) || dims < 2) {
    badOption(
      WHERE,
      `dims must be an integer ≥ 2 (the gap needs two code dimensions), got ${String(dims)}.`,
    );
  }
  if (!Number.isInteger(bins) || bins < 2) {
    badOption(WHERE, `bins must be an integer ≥ 2, got ${String(bins)}; e.g. 20.`);
  }
  const names = factors?.names;
  const sizes = factors?.sizes;
  if (
    !Array.isArray(names) ||
    names.length === 0 ||
    !Array.isArray(sizes) ||
    sizes.length !== names.length ||
    !(factors.values instanceof Int32Array)
  ) {
    badOption(
      WHERE,
      'factors must be the factors of a Dataset (names, sizes and values [count, names.length]), e.g. of shapes() from @ae/datasets.',
    );
  }
  const k = names.length;
  const count = factors.values.length / k;
  if (!Number.isInteger(count) || codes.length !== count * dims) {
    badOption(
      WHERE,
      `codes has ${codes.length} values but factors describe ${factors.values.length / k} examples × ${dims} dims; pass the codes of the same examples as the factors.`,
    );
  }
  if (count === 0)
    badOption(WHERE, 'there are no examples; pass codes and factors of at least one.');
  for (let i = 0; i < factors.values.length; i++) {
    const f = i % k;
    const v = factors.values[i] as number;
    if (!(v >= 0 && v < (sizes[f] as number))) {
      badOption(
        WHERE,
        `factor '${names[f]}' of example ${Math.floor(i / k)} is ${v}, outside [0, ${sizes[f]}) (factors.sizes).`,
      );
    }
  }
  for (let i = 0; i < codes.length; i++) {
    if (!Number.isFinite(codes[i] as number)) {
      badOption(
        WHERE,
        `codes[${i}] (example ${Math.floor(i / dims)}, dim ${i % dims}) is ${codes[i]}; every code must be finite.`,
      );
    }
  }
  return count;
}

/**
 * The mutual information gap of latent `codes` against ground-truth `factors`. Each code
 * dimension is discretized into `bins` equal-width bins over its range; the mutual
 * information I(v_k; z_j) of factor k and dimension j comes from their joint histogram,
 * in nats. MIG is the mean, over the factors k with H(v_k) > 0, of
 * (I₍₁₎ − I₍₂₎) / H(v_k), the gap between the two most informative dimensions: near 1
 * when every factor lives in one dimension of its own, near 0 when none does or one
 * factor is spread over several dimensions.
 *
 * Cost O(count · dims · factors) time and O(bins · max size) memory per pair.
 *
 * @param codes Row-major `[count, dims]` codes, e.g. from {@link latentCodes}.
 * @param dims Code dimensions per example, ≥ 2.
 * @param factors The Dataset's `factors` for the same examples, in the same order.
 * @throws EvaluationError `EVAL_BAD_OPTION` for mismatched sizes, non-finite codes,
 *   factor values outside their sizes, or when no factor varies.
 *
 * @example
 * const data = shapes(SHAPES_SMALL);
 * const codes = await latentCodes(vae, data);
 * const { mig, factors } = mutualInformationGap(codes, vae.latentDim, data.factors!);
 */
export function mutualInformationGap(
  codes: Float32Array,
  dims: number,
  factors: DatasetFactors,
  options: MigOptions = {},
): MigResult {
  const bins = options.bins ?? 20;
  const count = checkArguments(codes, dims, factors, bins);
  const binned = discretize(codes, count, dims, bins);
  const k = factors.names.length;
  const codeEntropy = new Float64Array(dims);
  for (let j = 0; j < dims; j++) {
    const hist = new Float64Array(bins);
    for (let i = 0; i < count; i++) (hist[binned[i * dims + j] as number] as number)++;
    codeEntropy[j] = entropy(hist, count);
  }
  const result: FactorGap[] = [];
  let sum = 0;
  let varying = 0;
  for (let f = 0; f < k; f++) {
    const size = factors.sizes[f] as number;
    const marginal = new Float64Array(size);
    for (let i = 0; i < count; i++) (marginal[factors.values[i * k + f] as number] as number)++;
    const h = entropy(marginal, count);
    const joint = new Float64Array(size * bins);
    const mutualInformation: number[] = [];
    for (let j = 0; j < dims; j++) {
      joint.fill(0);
      for (let i = 0; i < count; i++) {
        const v = factors.values[i * k + f] as number;
        (joint[v * bins + (binned[i * dims + j] as number)] as number)++;
      }
      // I(v; z) = H(v) + H(z) − H(v, z), never below 0 (rounding aside).
      mutualInformation.push(Math.max(0, h + (codeEntropy[j] as number) - entropy(joint, count)));
    }
    const sorted = [...mutualInformation].sort((a, b) => b - a);
    const gap = h > 0 ? ((sorted[0] as number) - (sorted[1] as number)) / h : 0;
    if (h > 0) {
      sum += gap;
      varying++;
    }
    const bestDim = mutualInformation.indexOf(sorted[0] as number);
    result.push({ name: factors.names[f] as string, entropy: h, gap, mutualInformation, bestDim });
  }
  if (varying === 0) {
    badOption(
      WHERE,
      `no factor varies over these ${count} examples (every entropy is 0); MIG needs data whose factors change.`,
    );
  }
  return { mig: sum / varying, factors: result };
}
