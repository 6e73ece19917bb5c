/**
 * Geometry of the procedural shapes: which points lie inside a unit shape, and
 * rasterizing one shape into a binary image.
 *
 * Every unit shape is centred on its area centroid and fits in the unit disk for
 * every rotation, so a shape drawn with circumradius `r` pixels around a centre
 * more than `r` pixels away from every edge stays inside the image.
 *
 * - `square`: half-side 1/√2 (corners on the unit circle); area 2.
 * - `ellipse`: semi-axes a = 1 (along u) and b = 1/2 (along v); area π/2. Unequal
 *   axes make its rotation visible.
 * - `heart`: the region (x² + y² − 1)³ − x²y³ ≤ 0, lobes up, tip down at (0, −1).
 *   Its centroid is at (0, {@link HEART_CENTROID_Y}) and its farthest point from
 *   the centroid is the tip, at 1 + HEART_CENTROID_Y; unit coordinates (u, v) map
 *   to x = k·u, y = k·v + HEART_CENTROID_Y with k = {@link HEART_SCALE} ≥ that
 *   distance. Area ≈ 3.6620 / k² ≈ 2.1886.
 */

/** Names of the shapes that can be drawn. */
export type ShapeKind = 'square' | 'ellipse' | 'heart';

/** Every shape, in the default order (label 0, 1, 2). */
export const SHAPE_KINDS: readonly ShapeKind[] = ['square', 'ellipse', 'heart'];

/** Half-side of the unit square: its corners lie on the unit circle. */
export const SQUARE_HALF_SIDE = Math.SQRT1_2;

/** Semi-axes of the unit ellipse, along u and along v. */
export const ELLIPSE_AXES: readonly [number, number] = [1, 0.5];

/** y of the area centroid of the heart (x² + y² − 1)³ − x²y³ ≤ 0 (computed numerically). */
export const HEART_CENTROID_Y = 0.293481;

/** Heart-curve units per unit-shape unit: just over the tip's distance from the centroid. */
export const HEART_SCALE = 1.2935;

/** Whether the point (u, v) of the unit shape's frame (v up) lies inside `kind`. */
export function insideUnitShape(kind: ShapeKind, u: number, v: number): boolean {
  switch (kind) {
    case 'square':
      return Math.abs(u) <= SQUARE_HALF_SIDE && Math.abs(v) <= SQUARE_HALF_SIDE;
    case 'ellipse': {
      const p = u / ELLIPSE_AXES[0];
      const q = v / ELLIPSE_AXES[1];
      return p * p + q * q <= 1;
    }
    case 'heart': {
      const x = HEART_SCALE * u;
      const y = HEART_SCALE * v + HEART_CENTROID_Y;
      const r = x * x + y * y - 1;
      return r * r * r - x * x * y * y * y <= 0;
    }
  }
}

/** Where and how to draw one shape, in pixel units. */
export interface ShapePlacement {
  /** Which shape. */
  readonly kind: ShapeKind;
  /** Circumradius in pixels: the unit shape is scaled by this. */
  readonly radius: number;
  /** Counter-clockwise rotation in radians (as seen on screen, rows growing downwards). */
  readonly rotation: number;
  /** Centre column in pixels, from the left edge of the image (pixel j spans [j, j + 1)). */
  readonly cx: number;
  /** Centre row in pixels, from the top edge of the image (pixel i spans [i, i + 1)). */
  readonly cy: number;
}

/**
 * Draws one binary shape into `out[offset … offset + size²)` (a zeroed size × size
 * single-channel image, row-major): a pixel becomes 1 when its centre, rotated by
 * −rotation about the shape's centre and divided by the radius, lies inside the
 * unit shape. Only pixels within the shape's bounding disk are visited.
 */
export function drawShape(
  out: Float32Array,
  offset: number,
  size: number,
  placement: ShapePlacement,
): void {
  const { kind, radius, rotation, cx, cy } = placement;
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  const inv = 1 / radius;
  const i0 = Math.max(0, Math.floor(cy - radius - 1));
  const i1 = Math.min(size - 1, Math.ceil(cy + radius + 1));
  const j0 = Math.max(0, Math.floor(cx - radius - 1));
  const j1 = Math.min(size - 1, Math.ceil(cx + radius + 1));
  for (let i = i0; i <= i1; i++) {
    // Flip rows so that v points up, as in the shapes' equations.
    const dy = (cy - (i + 0.5)) * inv;
    const row = offset + i * size;
    for (let j = j0; j <= j1; j++) {
      const dx = (j + 0.5 - cx) * inv;
      const u = cos * dx + sin * dy;
      const v = -sin * dx + cos * dy;
      if (insideUnitShape(kind, u, v)) out[row + j] = 1;
    }
  }
}
