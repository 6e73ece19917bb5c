/**
 * An independent categorical distribution over the codes of each position of a VQ-VAE's code
 * map, fitted by counting (with Laplace smoothing). Plain numbers, JSON-serializable.
 */

import { isPositiveInt } from '@ae/core';
import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from './model-error.js';

/** The JSON form of a {@link CategoricalPrior}, as stored in `ae.json`. */
export interface CategoricalPriorJSON {
  /** Number of codes `K`. */
  numCodes: number;
  /** Number of positions `P` of the code map (h·w, or 1 for one code vector per example). */
  positions: number;
  /** Laplace smoothing α > 0 added to every count. */
  smoothing: number;
  /** Counts `n[p][k]`, row-major `[P, K]` (position-major), non-negative integers. */
  counts: number[];
}

/** Arguments of the {@link CategoricalPrior} constructor. */
export interface CategoricalPriorArgs {
  /** Number of codes `K`, a positive integer. */
  numCodes: number;
  /** Number of positions `P`, a positive integer. */
  positions: number;
  /** Laplace smoothing α > 0; default 1 (add-one). */
  smoothing?: number;
}

/**
 * One categorical distribution over `K` codes per position `p`, from counts `n[p][k]` of
 * observed codes: `P(code k at p) = (n[p][k] + α) / (N_p + K·α)`, `N_p = Σ_k n[p][k]`
 * (Laplace smoothing α, so no code has probability 0). Positions are independent.
 *
 * @example
 * const prior = new CategoricalPrior({ numCodes: 4, positions: 2 });
 * prior.addCodes([0, 3, 0, 1]); // two examples: codes (0, 3) and (0, 1)
 * prior.probability(0, 0); // (2 + 1) / (2 + 4) = 0.5
 * const draws = prior.sample(10, 7); // int32 [10, 2]; the caller owns it
 */
export class CategoricalPrior {
  /** Number of codes `K`. */
  readonly numCodes: number;
  /** Number of positions `P`. */
  readonly positions: number;
  /** Laplace smoothing α. */
  readonly smoothing: number;
  private readonly counts: Float64Array;

  /**
   * An empty prior (all counts 0: uniform until codes are added).
   *
   * @throws ModelError `MODEL_BAD_CONFIG` naming the argument and its value.
   */
  constructor(args: CategoricalPriorArgs) {
    const where = 'CategoricalPrior';
    if (!isPositiveInt(args?.numCodes))
      badArg(where, 'numCodes', args?.numCodes, 'a positive integer');
    if (!isPositiveInt(args.positions))
      badArg(where, 'positions', args.positions, 'a positive integer');
    const smoothing = args.smoothing ?? 1;
    if (typeof smoothing !== 'number' || !Number.isFinite(smoothing) || !(smoothing > 0)) {
      badArg(where, 'smoothing', smoothing, 'a finite number > 0 such as 1');
    }
    this.numCodes = args.numCodes;
    this.positions = args.positions;
    this.smoothing = smoothing;
    this.counts = new Float64Array(args.numCodes * args.positions);
  }

  /**
   * Counts the codes of a batch: `codes` holds `n · P` integers in `[0, K)`, example-major
   * (example i's code at position p is `codes[i·P + p]`), e.g. the data of `codeIndices(x)`.
   *
   * @throws ModelError `MODEL_BAD_INPUT` for a length that is not a multiple of `P` or a
   *   code outside `[0, K)` (nothing is counted then).
   */
  addCodes(codes: ArrayLike<number>): void {
    const { positions: p, numCodes: k } = this;
    if (codes.length % p !== 0) {
      throw new ModelError(
        'MODEL_BAD_INPUT',
        `CategoricalPrior.addCodes: got ${codes.length} codes, not a multiple of the ${p} positions; pass whole examples.`,
      );
    }
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i] as number;
      if (!Number.isInteger(c) || c < 0 || c >= k) {
        throw new ModelError(
          'MODEL_BAD_INPUT',
          `CategoricalPrior.addCodes: codes[${i}] = ${c} is not a code index in [0, ${k}).`,
        );
      }
    }
    for (let i = 0; i < codes.length; i++) {
      const cell = (i % p) * k + (codes[i] as number);
      this.counts[cell] = (this.counts[cell] as number) + 1;
    }
  }

  /** Observed count `n[position][code]`. */
  count(position: number, code: number): number {
    this.checkCell('count', position, code);
    return this.counts[position * this.numCodes + code] as number;
  }

  /** Number of examples counted at `position` (`N_p`; the same at every position after `addCodes`). */
  total(position: number): number {
    this.checkCell('total', position, 0);
    let s = 0;
    for (let k = 0; k < this.numCodes; k++)
      s += this.counts[position * this.numCodes + k] as number;
    return s;
  }

  /** `(n[position][code] + α) / (N_position + K·α)`. */
  probability(position: number, code: number): number {
    this.checkCell('probability', position, code);
    return (
      (this.count(position, code) + this.smoothing) /
      (this.total(position) + this.numCodes * this.smoothing)
    );
  }

  /** Every probability, row-major `[P, K]`; each row sums to 1. */
  probabilities(): Float64Array {
    const { positions: p, numCodes: k, smoothing: a } = this;
    const out = new Float64Array(p * k);
    for (let j = 0; j < p; j++) {
      const denominator = this.total(j) + k * a;
      for (let c = 0; c < k; c++) {
        out[j * k + c] = ((this.counts[j * k + c] as number) + a) / denominator;
      }
    }
    return out;
  }

  /**
   * Draws `n` code maps, each position independently from its distribution.
   *
   * @param seed Seed of the draws (same seed, same codes).
   * @returns int32 `[n, P]`, owned by the caller.
   * @throws ModelError `MODEL_BAD_INPUT` unless `n` is a positive integer and `seed` an integer.
   */
  sample(n: number, seed: number): tf.Tensor2D {
    if (!isPositiveInt(n)) badInput('sample', 'n', n, 'a positive integer');
    if (!Number.isInteger(seed)) badInput('sample', 'seed', seed, 'an integer');
    const logProbabilities = Float32Array.from(this.probabilities(), Math.log);
    return tf.tidy(() => {
      const logits = tf.tensor2d(logProbabilities, [this.positions, this.numCodes]);
      // One row of n draws per position; transposed to one row per example.
      return tf.transpose(tf.multinomial(logits, n, seed)) as tf.Tensor2D;
    });
  }

  /** The counts and settings, for `ae.json`. */
  toJSON(): CategoricalPriorJSON {
    return {
      numCodes: this.numCodes,
      positions: this.positions,
      smoothing: this.smoothing,
      counts: Array.from(this.counts),
    };
  }

  /**
   * Rebuilds a prior from {@link toJSON}'s output.
   *
   * @param where Names the source in messages, e.g. `'dir/ae.json config.prior'`.
   * @throws ModelError `MODEL_BAD_SAVED_CONFIG` naming the field and its value.
   */
  static fromJSON(json: unknown, where = 'CategoricalPrior.fromJSON'): CategoricalPrior {
    const fail = (what: string): never => {
      throw new ModelError('MODEL_BAD_SAVED_CONFIG', `${where}: ${what}.`);
    };
    if (typeof json !== 'object' || json === null) fail(`expected an object, got ${String(json)}`);
    const j = json as Partial<Record<keyof CategoricalPriorJSON, unknown>>;
    if (!isPositiveInt(j.numCodes))
      fail(`numCodes must be a positive integer, got ${String(j.numCodes)}`);
    if (!isPositiveInt(j.positions))
      fail(`positions must be a positive integer, got ${String(j.positions)}`);
    const smoothing = j.smoothing;
    if (typeof smoothing !== 'number' || !(smoothing > 0) || !Number.isFinite(smoothing)) {
      fail(`smoothing must be a finite number > 0, got ${String(smoothing)}`);
    }
    const size = (j.numCodes as number) * (j.positions as number);
    const counts = j.counts;
    if (!Array.isArray(counts) || counts.length !== size) {
      fail(`counts must be an array of numCodes · positions = ${size} numbers`);
    }
    const list = counts as unknown[];
    if (!list.every((c) => typeof c === 'number' && Number.isFinite(c) && c >= 0)) {
      fail('counts must hold finite numbers ≥ 0');
    }
    const prior = new CategoricalPrior({
      numCodes: j.numCodes as number,
      positions: j.positions as number,
      smoothing: smoothing as number,
    });
    prior.counts.set(list as number[]);
    return prior;
  }

  private checkCell(method: string, position: number, code: number): void {
    if (!Number.isInteger(position) || position < 0 || position >= this.positions) {
      badInput(method, 'position', position, `an integer in [0, ${this.positions})`);
    }
    if (!Number.isInteger(code) || code < 0 || code >= this.numCodes) {
      badInput(method, 'code', code, `an integer in [0, ${this.numCodes})`);
    }
  }
}

function show(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}

function badArg(where: string, field: string, value: unknown, expected: string): never {
  throw new ModelError(
    'MODEL_BAD_CONFIG',
    `${where}: ${field} must be ${expected}, got ${show(value)}.`,
  );
}

function badInput(method: string, field: string, value: unknown, expected: string): never {
  throw new ModelError(
    'MODEL_BAD_INPUT',
    `CategoricalPrior.${method}: ${field} must be ${expected}, got ${show(value)}.`,
  );
}

/** A batch to fit a prior on: a tensor of examples, or an object holding one in `x`. */
export type PriorBatch = tf.Tensor | { x: tf.Tensor };

/**
 * Counts the codes of every batch of `data` into a new {@link CategoricalPrior}.
 *
 * @param data A tensor of examples (not disposed), or an (async) iterable of batches such as
 *   `batches()` of `@ae/datasets`; the tensors it yields are disposed once counted.
 * @param codesOf Maps examples to int32 code indices `[n, ...]` (n·P values); called once per
 *   batch, its result is read once and disposed.
 * @param args Size and smoothing of the prior.
 * @param where Names the caller in messages, e.g. `'VQVAE.fitPrior'`.
 * @throws ModelError `MODEL_BAD_INPUT` when `data` holds no examples.
 */
export async function fitCategoricalPrior(
  data: tf.Tensor | Iterable<PriorBatch> | AsyncIterable<PriorBatch>,
  codesOf: (x: tf.Tensor) => tf.Tensor,
  args: CategoricalPriorArgs,
  where = 'fitCategoricalPrior',
): Promise<CategoricalPrior> {
  const prior = new CategoricalPrior(args);
  const count = async (x: tf.Tensor) => {
    const codes = codesOf(x);
    try {
      prior.addCodes(await codes.data());
    } finally {
      codes.dispose();
    }
  };
  if (data instanceof tf.Tensor) {
    await count(data);
  } else {
    for await (const item of data) {
      const owned = item instanceof tf.Tensor ? [item] : Object.values(item);
      try {
        await count(item instanceof tf.Tensor ? item : item.x);
      } finally {
        tf.dispose(owned.filter((v): v is tf.Tensor => v instanceof tf.Tensor));
      }
    }
  }
  if (prior.total(0) === 0) {
    throw new ModelError(
      'MODEL_BAD_INPUT',
      `${where}: no examples were given; pass a tensor or batches of training examples.`,
    );
  }
  return prior;
}
