/**
 * Procedural binary shapes with ground-truth factors, in the style of dSprites
 * (Matthey et al. 2017): shape × scale × rotation × x × y, every image rendered
 * on the fly, so no download is needed.
 */

import { checkFinite, checkPositiveInteger, checkProbability } from './check-parameter.js';
import type { Dataset, DatasetFactors } from './dataset.js';
import { DatasetError } from './dataset-error.js';
import { resolveRng } from './seeded-rng.js';
import { drawShape, SHAPE_KINDS, type ShapeKind } from './shape-geometry.js';

/** Options of {@link shapes}. Factor options take a number of evenly spaced levels or the levels. */
export interface ShapesOptions {
  /** Image side in pixels; images are [size, size, 1]. Default 64 (as dSprites). */
  readonly size?: number;
  /** Shapes to draw; label `k` is `shapes[k]`. Default `['square', 'ellipse', 'heart']`. */
  readonly shapes?: readonly ShapeKind[];
  /**
   * Scales (multiples of the largest radius, > 0): a count n gives n values evenly
   * spaced over [0.5, 1] (n = 1 gives [1]). Default 6, as dSprites.
   */
  readonly scales?: number | readonly number[];
  /**
   * Rotations in radians: a count n gives k·2π/n for k = 0 … n−1. Default 40, as
   * dSprites. (A square repeats every π/2 and an ellipse every π; they are still
   * separate levels, as in dSprites.)
   */
  readonly rotations?: number | readonly number[];
  /** Horizontal positions in [0, 1] (0 = left): a count n gives n values evenly spaced over [0, 1]. Default 32. */
  readonly positionsX?: number | readonly number[];
  /** Vertical positions in [0, 1] (0 = top): a count n gives n values evenly spaced over [0, 1]. Default 32. */
  readonly positionsY?: number | readonly number[];
  /**
   * Circumradius at scale 1 as a fraction of `size`. Default 0.16 (about 10 px at
   * size 64). `radius × max(scale)` must be ≤ 0.5 so the shape fits.
   */
  readonly radius?: number;
  /**
   * `'grid'` (default): every combination of factor levels once, row-major with the
   * last factor (y) fastest, as dSprites' `latents_classes`. `'random'`: `count`
   * examples whose factor indices are drawn independently and uniformly.
   */
  readonly mode?: 'grid' | 'random';
  /** Number of examples in `'random'` mode (required there). */
  readonly count?: number;
  /** Seed of the draws in `'random'` mode. Default 0. */
  readonly seed?: number;
  /** Name of the dataset. Default `'shapes'`. */
  readonly name?: string;
}

/**
 * A small grid for quick runs: 32 × 32 images, 3 shapes × 3 scales × 8 rotations ×
 * 8 × 8 positions = 4,608 examples (about 19 MB of float32 pixels).
 */
export const SHAPES_SMALL: ShapesOptions = {
  size: 32,
  scales: 3,
  rotations: 8,
  positionsX: 8,
  positionsY: 8,
};

/** Names of the factors of a {@link shapes} dataset, in the order of `factors.values`. */
export const SHAPE_FACTOR_NAMES: readonly string[] = ['shape', 'scale', 'rotation', 'x', 'y'];

/** Largest Float32 pixel buffer {@link shapes} will allocate: 2 GiB. */
export const SHAPES_MAX_BYTES = 2 ** 31;

const WHERE = 'shapes()';

function evenly(n: number, from: number, to: number): number[] {
  if (n === 1) return [to];
  return Array.from({ length: n }, (_, k) => from + ((to - from) * k) / (n - 1));
}

/** Turns a count or a list into checked levels. */
function levels(
  field: string,
  spec: number | readonly number[],
  fromCount: (n: number) => number[],
  check: (field: string, v: number) => void,
): number[] {
  if (typeof spec === 'number') return fromCount(checkPositiveInteger(WHERE, field, spec));
  if (!Array.isArray(spec) || spec.length === 0) {
    throw new DatasetError(
      'DATASET_BAD_PARAMETER',
      `${WHERE}: ${field} must be a count ≥ 1 or a non-empty list of levels, got ${JSON.stringify(spec)}.`,
    );
  }
  for (const [k, v] of spec.entries()) check(`${field}[${k}]`, v);
  return [...spec];
}

function checkKinds(kinds: readonly ShapeKind[]): void {
  if (!Array.isArray(kinds) || kinds.length === 0) {
    throw new DatasetError(
      'DATASET_BAD_PARAMETER',
      `${WHERE}: shapes must be a non-empty list of ${SHAPE_KINDS.join(', ')}, got ${JSON.stringify(kinds)}.`,
    );
  }
  kinds.forEach((kind, k) => {
    if (!SHAPE_KINDS.includes(kind) || kinds.indexOf(kind) !== k) {
      throw new DatasetError(
        'DATASET_BAD_PARAMETER',
        `${WHERE}: shapes[${k}] is ${JSON.stringify(kind)}; use each of ${SHAPE_KINDS.map((s) => `'${s}'`).join(', ')} at most once.`,
      );
    }
  });
}

/** The checked factor levels of `options`, with shape levels 0 … shapes−1. */
function factorLevels(options: ShapesOptions): { kinds: ShapeKind[]; levels: number[][] } {
  const kinds = [...(options.shapes ?? SHAPE_KINDS)];
  checkKinds(kinds);
  const positive = (field: string, v: number) => {
    if (!(checkFinite(WHERE, field, v) > 0)) {
      throw new DatasetError('DATASET_BAD_PARAMETER', `${WHERE}: ${field} must be > 0, got ${v}.`);
    }
  };
  const unit = (field: string, v: number) => void checkProbability(WHERE, field, v);
  const finite = (field: string, v: number) => void checkFinite(WHERE, field, v);
  const positions = (n: number) => evenly(n, 0, 1);
  return {
    kinds,
    levels: [
      kinds.map((_, k) => k),
      levels('scales', options.scales ?? 6, (n) => evenly(n, 0.5, 1), positive),
      levels(
        'rotations',
        options.rotations ?? 40,
        (n) => Array.from({ length: n }, (_, k) => (2 * Math.PI * k) / n),
        finite,
      ),
      levels('positionsX', options.positionsX ?? 32, positions, unit),
      levels('positionsY', options.positionsY ?? 32, positions, unit),
    ],
  };
}

/** Writes the mixed-radix digits of `index` (last factor fastest) into `out` at `at`. */
function gridDigits(index: number, sizes: readonly number[], out: Int32Array, at: number) {
  let rest = index;
  for (let f = sizes.length - 1; f >= 0; f--) {
    const size = sizes[f] as number;
    out[at + f] = rest % size;
    rest = Math.floor(rest / size);
  }
}

/**
 * Generates a dSprites-style dataset of binary images [size, size, 1] (pixels 0 or
 * 1, domain `'unit'`), labelled by shape (`classNames` = the shape names), with
 * `factors` `{ names: ['shape', 'scale', 'rotation', 'x', 'y'], sizes, levels,
 * values }`; the shape factor's levels are the label indices.
 *
 * Placement: with R = `radius × size` the circumradius at scale 1 and margin =
 * R × max(scales), a position p ∈ [0, 1] puts the shape's centroid at
 * margin + p × (size − 2·margin) pixels from the left (x) or top (y) edge, so even
 * the largest shape stays inside the image at every rotation and position.
 * Rendering is described in `drawShape` / `insideUnitShape`.
 *
 * @throws DatasetError `DATASET_BAD_PARAMETER` for a bad size, shape, level, count
 *   or radius; `DATASET_BAD_OPTIONS` for `'random'` without `count` or an unknown
 *   mode; `DATASET_TOO_LARGE` when the pixels would need more than 2 GiB.
 *
 * @example
 * const ds = shapes({ ...SHAPES_SMALL }); // 4,608 images 32 × 32
 * const some = shapes({ mode: 'random', count: 10_000, seed: 1 }); // 64 × 64
 */
export function shapes(options: ShapesOptions = {}): Dataset {
  const size = checkPositiveInteger(WHERE, 'size', options.size ?? 64);
  const mode = options.mode ?? 'grid';
  if (mode !== 'grid' && mode !== 'random') {
    throw new DatasetError(
      'DATASET_BAD_OPTIONS',
      `${WHERE}: mode must be 'grid' or 'random', got ${JSON.stringify(mode)}.`,
    );
  }
  const { kinds, levels: lv } = factorLevels(options);
  const sizes = lv.map((l) => l.length);
  const [, scales, rotations, xs, ys] = lv as [number[], number[], number[], number[], number[]];
  const radius = checkFinite(WHERE, 'radius', options.radius ?? 0.16);
  const maxScale = Math.max(...scales);
  if (!(radius > 0) || radius * maxScale > 0.5) {
    throw new DatasetError(
      'DATASET_BAD_PARAMETER',
      `${WHERE}: radius × max(scales) must be in (0, 0.5] so shapes fit, got ${radius} × ${maxScale}. Lower radius or the scales.`,
    );
  }
  const gridCount = sizes.reduce((a, b) => a * b, 1);
  let count = gridCount;
  if (mode === 'random') {
    if (options.count === undefined) {
      throw new DatasetError(
        'DATASET_BAD_OPTIONS',
        `${WHERE}: mode 'random' needs count, the number of examples. Pass e.g. { mode: 'random', count: 10000, seed: 0 }.`,
      );
    }
    count = checkPositiveInteger(WHERE, 'count', options.count);
  }
  const bytes = count * size * size * 4;
  if (bytes > SHAPES_MAX_BYTES) {
    throw new DatasetError(
      'DATASET_TOO_LARGE',
      `${WHERE}: ${count} images of ${size} × ${size} would need ${bytes} bytes of float32 pixels, more than the ${SHAPES_MAX_BYTES}-byte limit. Use { mode: 'random', count } with fewer examples, fewer factor levels (e.g. positionsX: 16), or a smaller size.`,
    );
  }

  const k = sizes.length;
  const values = new Int32Array(count * k);
  if (mode === 'grid') {
    for (let i = 0; i < count; i++) gridDigits(i, sizes, values, i * k);
  } else {
    const rng = resolveRng({ seed: options.seed ?? 0 }, WHERE, "mode 'random'");
    for (let i = 0; i < values.length; i++) values[i] = rng.int(sizes[i % k] as number);
  }

  const pixels = size * size;
  const x = new Float32Array(count * pixels);
  const labels = new Int32Array(count);
  const r = radius * size;
  const margin = r * maxScale;
  const span = size - 2 * margin;
  for (let i = 0; i < count; i++) {
    const at = i * k;
    const shape = values[at] as number;
    labels[i] = shape;
    drawShape(x, i * pixels, size, {
      kind: kinds[shape] as ShapeKind,
      radius: r * (scales[values[at + 1] as number] as number),
      rotation: rotations[values[at + 2] as number] as number,
      cx: margin + (xs[values[at + 3] as number] as number) * span,
      cy: margin + (ys[values[at + 4] as number] as number) * span,
    });
  }
  const factors: DatasetFactors = { names: [...SHAPE_FACTOR_NAMES], sizes, levels: lv, values };
  return {
    name: options.name ?? 'shapes',
    x,
    shape: [size, size, 1],
    count,
    labels,
    classNames: kinds,
    domain: 'unit',
    factors,
  };
}
