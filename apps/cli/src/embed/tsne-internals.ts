/**
 * The one place that reaches into `@keckelt/tsne` (pinned to exactly 1.0.2): its public API has
 * no seed and computes an n² cost on every step, so `ae embed` replaces two of its methods and
 * reads two of its private fields:
 *
 * - `gaussRandom()` draws the starting layout; ours comes from a seeded generator;
 * - `costGrad(Y)` gives the gradient the optimizer steps along; ours is `tsneGradient2d`, which
 *   reads the joint probabilities `P` (`Float64Array`, `[n, n]`) and the step counter `iter`.
 *
 * {@link openTsne} checks all of this on the instance before the optimization starts and
 * throws a {@link TsneInternalsError} naming what differs, so another version of the library
 * fails at once with a clear message instead of drawing a wrong picture.
 */
import { TSNE } from '@keckelt/tsne';

/** The version of `@keckelt/tsne` whose internals this module knows. */
export const TSNE_LIBRARY = '@keckelt/tsne@1.0.2';

/** The installed `@keckelt/tsne` does not look like {@link TSNE_LIBRARY} inside. */
export class TsneInternalsError extends Error {
  override readonly name = 'TsneInternalsError';
  /** Always `'TSNE_INTERNALS_CHANGED'`. */
  readonly code = 'TSNE_INTERNALS_CHANGED';
}

/** A gradient for the layout `Y` (`[n][2]`) at the 1-based step `iter`, as `[n][2]`. */
export type TsneGradient = (P: Float64Array, Y: number[][], iter: number) => number[][];

/** The private state read here, as the library keeps it. */
interface Internals {
  P: unknown;
  Y: unknown;
  iter: unknown;
  gaussRandom: unknown;
  costGrad: unknown;
  step: unknown;
  getSolution: unknown;
}

/** Options of {@link openTsne}. */
export interface OpenTsneOptions {
  /** Effective number of neighbours. */
  perplexity: number;
  /** Learning rate. */
  learningRate: number;
  /** Standard normal draws for the starting layout (seeded by the caller). */
  normal: () => number;
  /** The class to use (tests pass a changed one); default the library's `TSNE`. */
  Impl?: new (
    options: object,
  ) => TSNE;
}

/** A t-SNE run whose internals have been checked. */
export interface TsneRun {
  /** Joint probabilities, row-major `[n, n]`. */
  readonly P: Float64Array;
  /** The current layout, `[n][2]` (the library's own array: writes move the points). */
  Y: number[][];
  /** Steps taken. */
  readonly iter: number;
  /** Makes `gradient` the one the optimizer follows (the library's cost is not computed). */
  useGradient(gradient: TsneGradient): void;
  /** The library's own cost and gradient at `Y` as at step `iter` (for tests: the reference). */
  referenceCostGrad(Y: number[][], iter: number): { cost: number; grad: number[][] };
  /** One optimization step (gains, momentum, re-centring: the library's). */
  step(): void;
  /** The layout, `[n][2]`. */
  solution(): number[][];
}

function fail(what: string): never {
  throw new TsneInternalsError(
    `t-SNE: the installed @keckelt/tsne is not the one this command was written for (${TSNE_LIBRARY}): ${what}. Reinstall the pinned version ('pnpm install' at the repository root) or use --method umap.`,
  );
}

/** Starts t-SNE on `rows` (`[n][dim]`) and checks the internals it relies on. */
export function openTsne(rows: number[][], o: OpenTsneOptions): TsneRun {
  const Impl = o.Impl ?? TSNE;
  const t = new Impl({ perplexity: o.perplexity, dim: 2, epsilon: o.learningRate });
  const inner = t as unknown as Internals;
  for (const name of ['gaussRandom', 'costGrad', 'step', 'getSolution'] as const) {
    if (typeof inner[name] !== 'function') fail(`it has no method ${name}()`);
  }
  const n = rows.length;
  const draws: number[] = [];
  inner.gaussRandom = () => {
    const z = o.normal();
    draws.push(z);
    return z;
  };
  t.initDataRaw(rows);
  if (!(inner.P instanceof Float64Array) || inner.P.length !== n * n) {
    fail(`its field P is not a Float64Array of ${n} × ${n} joint probabilities`);
  }
  const Y = inner.Y;
  if (!Array.isArray(Y) || Y.length !== n || !Y.every((r) => Array.isArray(r) && r.length === 2)) {
    fail(`its field Y is not ${n} rows of 2 coordinates`);
  }
  if (inner.iter !== 0) fail(`its step counter iter is ${String(inner.iter)}, not 0, at the start`);
  // The library scales each draw by 1e-4: the layout must be exactly our draws.
  const start = (Y as number[][]).flat();
  if (draws.length !== 2 * n || start.some((y, k) => y !== (draws[k] as number) * 1e-4)) {
    fail('its starting layout is not the draws of gaussRandom() (× 1e-4), so no seed applies');
  }
  const reference = Impl.prototype.costGrad as (Y: number[][]) => {
    cost: number;
    grad: number[][];
  };
  let steps = 0;
  return {
    get P() {
      return inner.P as Float64Array;
    },
    get Y() {
      return inner.Y as number[][];
    },
    set Y(value: number[][]) {
      inner.Y = value;
    },
    get iter() {
      return inner.iter as number;
    },
    useGradient(gradient) {
      inner.costGrad = (y: number[][]) => ({
        cost: Number.NaN,
        grad: gradient(inner.P as Float64Array, y, inner.iter as number),
      });
    },
    referenceCostGrad(y, iter) {
      const was = inner.iter;
      inner.iter = iter;
      try {
        return reference.call(t, y);
      } finally {
        inner.iter = was;
      }
    },
    step() {
      t.step();
      steps += 1;
      if (inner.iter !== steps)
        fail(`its step counter iter is ${String(inner.iter)} after ${steps} steps`);
    },
    solution: () => t.getSolution() as number[][],
  };
}

/**
 * The same checks on four points, in a millisecond: `ae embed --method tsne` runs it before
 * loading the model, so a changed library fails before any work is done.
 */
export function checkTsneInternals(): void {
  const rows = [[0], [1], [3], [6]];
  openTsne(rows, { perplexity: 1.5, learningRate: 10, normal: () => 1 }).step();
}
