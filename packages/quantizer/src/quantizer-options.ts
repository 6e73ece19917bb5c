/**
 * Options of the stateful quantizer and its layer, and their validation.
 */
import { checkNumber, checkPositiveInt, QuantizerError } from './quantizer-error.js';

/** Exponential-moving-average codebook learning (the paper's appendix A.1). */
export interface EmaOptions {
  /** Decay `γ ∈ (0, 1)` of the moving averages of code counts and sums; default 0.99. */
  decay?: number;
  /** Laplace smoothing `ε > 0` of the counts, so an unused code never divides by 0; default 1e-5. */
  epsilon?: number;
}

/** How the codebook starts. */
export type CodebookInit = 'uniform' | 'kmeans';

/** The accepted {@link CodebookInit} values. */
export const CODEBOOK_INITS: readonly CodebookInit[] = ['uniform', 'kmeans'];

/** Options of `VectorQuantizer` and `VectorQuantizerLayer`. Plain JSON, so they serialize. */
export interface VectorQuantizerOptions {
  /** Number of codes `K` in the codebook. */
  numCodes: number;
  /** Dimension `D` of each code; inputs must be `[..., D]`. */
  codeDim: number;
  /** Weight `β ≥ 0` of the commitment loss; default 0.25. */
  commitmentWeight?: number;
  /**
   * Learn the codebook by exponential moving averages instead of gradients: `true` for the
   * defaults, or `{ decay, epsilon }`. Then the codebook is not trainable, it changes in
   * `update()` / `quantize(x, { training: true })`, and the codebook loss is a constant 0.
   * Default off (the codebook is trained by the codebook loss).
   */
  ema?: boolean | EmaOptions;
  /**
   * Restart a code whose moving-average count of assignments per batch falls below this value
   * with a random input vector of the current batch (in training steps). 0 (default) turns
   * restarts off. The counts decay by `ema.decay` (0.99 without EMA).
   */
  deadCodeThreshold?: number;
  /**
   * `'uniform'` (default): codes uniform in `[−1/K, 1/K]`. `'kmeans'`: k-means++ seeding and
   * Lloyd iterations on the first training batch (which must hold at least `K` vectors).
   */
  init?: CodebookInit;
  /** Lloyd iterations of the k-means initialization; default 10. */
  kmeansIterations?: number;
  /** Seed of the initialization and of the restarts, for reproducible runs; default 0. */
  seed?: number;
}

/** {@link VectorQuantizerOptions} with every default filled in. */
export interface ResolvedQuantizerOptions {
  /** `K`. */
  numCodes: number;
  /** `D`. */
  codeDim: number;
  /** `β`. */
  commitmentWeight: number;
  /** EMA settings, or `null` when the codebook is trained by gradients. */
  ema: { decay: number; epsilon: number } | null;
  /** Restart threshold; 0 when off. */
  deadCodeThreshold: number;
  /** Decay of the moving-average counts: `ema.decay`, or 0.99 without EMA. */
  countDecay: number;
  /** Initialization. */
  init: CodebookInit;
  /** Lloyd iterations. */
  kmeansIterations: number;
  /** Seed. */
  seed: number;
}

/**
 * Checks every option and fills in the defaults.
 *
 * @param where Name of the caller, used in messages.
 * @throws QuantizerError `QUANTIZER_BAD_OPTION` naming the field and the value.
 */
export function resolveQuantizerOptions(
  where: string,
  options: VectorQuantizerOptions,
): ResolvedQuantizerOptions {
  if (options === null || typeof options !== 'object') {
    throw new QuantizerError(
      'QUANTIZER_BAD_OPTION',
      `${where}: options must be an object such as { numCodes: 512, codeDim: 64 }, got ${JSON.stringify(options)}.`,
    );
  }
  const numCodes = checkPositiveInt(where, 'numCodes', options.numCodes);
  const codeDim = checkPositiveInt(where, 'codeDim', options.codeDim);
  const commitmentWeight = checkNumber(
    where,
    'commitmentWeight',
    options.commitmentWeight ?? 0.25,
    'non-negative',
  );
  const ema = resolveEma(where, options.ema ?? false);
  const deadCodeThreshold = checkNumber(
    where,
    'deadCodeThreshold',
    options.deadCodeThreshold ?? 0,
    'non-negative',
  );
  const init = options.init ?? 'uniform';
  if (!CODEBOOK_INITS.includes(init)) {
    throw new QuantizerError(
      'QUANTIZER_BAD_OPTION',
      `${where}: init must be one of ${CODEBOOK_INITS.join(', ')}, got ${JSON.stringify(init)}.`,
    );
  }
  const kmeansIterations = checkPositiveInt(
    where,
    'kmeansIterations',
    options.kmeansIterations ?? 10,
  );
  const seed = checkNumber(where, 'seed', options.seed ?? 0, 'integer');
  return {
    numCodes,
    codeDim,
    commitmentWeight,
    ema,
    deadCodeThreshold,
    countDecay: ema?.decay ?? 0.99,
    init,
    kmeansIterations,
    seed,
  };
}

function resolveEma(where: string, ema: unknown): ResolvedQuantizerOptions['ema'] {
  if (ema === false) return null;
  if (ema === true) return { decay: 0.99, epsilon: 1e-5 };
  if (ema === null || typeof ema !== 'object') {
    throw new QuantizerError(
      'QUANTIZER_BAD_OPTION',
      `${where}: ema must be true, false or { decay, epsilon }, got ${JSON.stringify(ema)}.`,
    );
  }
  const { decay = 0.99, epsilon = 1e-5 } = ema as EmaOptions;
  return {
    decay: checkNumber(where, 'ema.decay', decay, 'open-unit'),
    epsilon: checkNumber(where, 'ema.epsilon', epsilon, 'positive'),
  };
}
