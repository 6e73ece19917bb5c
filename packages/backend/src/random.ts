/**
 * Seeded randomness for reproducible runs.
 *
 * One `Rng` drives everything random in a run (shuffling, noise, the seeds handed
 * to tfjs random ops), so a run is reproduced by its seed, and resumed exactly by
 * restoring `getState()`. The generator is sfc32 (Small Fast Counting, 128-bit state)
 * seeded through splitmix32; it is plain JavaScript and behaves the same in Node and
 * in browsers.
 */

/** The complete state of an {@link Rng}; JSON-serializable. */
export interface RngState {
  /** Name of the algorithm, checked when the state is restored. */
  readonly algorithm: 'sfc32';
  /** The four 32-bit words of the generator. */
  readonly words: readonly [number, number, number, number];
  /** A cached second normal deviate from the Box–Muller pair, or null. */
  readonly spareNormal: number | null;
}

/** A seeded pseudo-random number generator. Not cryptographic. */
export interface Rng {
  /** Uniform float in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** Uniform unsigned 32-bit integer. */
  nextUint32(): number;
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** Standard normal deviate (Box–Muller). */
  normal(): number;
  /**
   * A fresh integer seed in [0, 2^31) for a tfjs random op
   * (`tf.randomNormal(shape, 0, 1, 'float32', rng.seed())`).
   */
  seed(): number;
  /** A uniformly random permutation of 0 … n−1 (Fisher–Yates). */
  permutation(n: number): Uint32Array;
  /** The generator's state, to save with a checkpoint. */
  getState(): RngState;
  /** Restore a state returned by {@link Rng.getState}. */
  setState(state: RngState): void;
}

/** Mixes a 32-bit seed into well-spread 32-bit words (splitmix32). */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Creates a generator from an integer seed. The same seed gives the same sequence
 * on every platform.
 *
 * @example
 * const rng = createRng(1);
 * rng.next(); // 0 ≤ u < 1
 * tf.randomNormal([2, 3], 0, 1, 'float32', rng.seed());
 */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) {
    throw new RangeError(`createRng: seed must be an integer, got ${seed}.`);
  }
  const mix = splitmix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  let spare: number | null = null;

  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Warm up so that nearby seeds decorrelate.
  for (let i = 0; i < 12; i++) nextUint32();

  const next = (): number => nextUint32() / 4294967296;

  const rng: Rng = {
    next,
    nextUint32,
    int(maxExclusive: number): number {
      if (!Number.isInteger(maxExclusive) || maxExclusive <= 0) {
        throw new RangeError(
          `Rng.int: maxExclusive must be a positive integer, got ${maxExclusive}.`,
        );
      }
      return Math.floor(next() * maxExclusive);
    },
    normal(): number {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    seed(): number {
      return nextUint32() >>> 1;
    },
    permutation(n: number): Uint32Array {
      if (!Number.isInteger(n) || n < 0) {
        throw new RangeError(`Rng.permutation: n must be a non-negative integer, got ${n}.`);
      }
      const p = new Uint32Array(n);
      for (let i = 0; i < n; i++) p[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = p[i] as number;
        p[i] = p[j] as number;
        p[j] = tmp;
      }
      return p;
    },
    getState(): RngState {
      return { algorithm: 'sfc32', words: [a, b, c, d], spareNormal: spare };
    },
    setState(state: RngState): void {
      if (state?.algorithm !== 'sfc32' || !Array.isArray(state.words) || state.words.length !== 4) {
        throw new TypeError(
          `Rng.setState: expected a state from Rng.getState() ({ algorithm: 'sfc32', words: [4 numbers] }), got ${JSON.stringify(state)}.`,
        );
      }
      [a, b, c, d] = state.words.map((w) => w >>> 0) as [number, number, number, number];
      spare = state.spareNormal;
    },
  };
  return rng;
}
