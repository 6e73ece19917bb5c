/**
 * The exact t-SNE gradient for a 2-D layout, written for speed: flat typed arrays, one
 * pass over the pairs i < j for the normalizer and one for the (symmetric) forces, no
 * n × n buffers and no KL cost (the reference implementation takes n² logarithms per
 * step for a cost nobody reads). Same formula as van der Maaten & Hinton (2008):
 *
 *   q_ij = (1 + ‖y_i − y_j‖²)⁻¹,  Z = Σ_{k≠l} q_kl,  Q_ij = q_ij / Z,
 *   ∂C/∂y_i = 4 Σ_j (e·P_ij − Q_ij) q_ij (y_i − y_j),
 *
 * with the early-exaggeration factor e = 4 for the first 100 iterations, else 1.
 */

/** Workspace of {@link tsneGradient2d}, reused across steps. */
export interface GradientBuffers {
  /** x of each point. */
  x: Float64Array;
  /** y of each point. */
  y: Float64Array;
  /** Gradient rows, `[n][2]`, in the shape the optimizer reads. */
  grad: number[][];
}

/** Buffers for `n` points. */
export function gradientBuffers(n: number): GradientBuffers {
  return {
    x: new Float64Array(n),
    y: new Float64Array(n),
    grad: Array.from({ length: n }, () => [0, 0]),
  };
}

/**
 * Writes ∂C/∂Y into `b.grad` for the layout `Y` (`[n][2]`), the joint probabilities `P`
 * (row-major `[n, n]`, symmetric) and the 1-based iteration `iter`. Returns `b.grad`.
 */
export function tsneGradient2d(
  P: ArrayLike<number>,
  Y: readonly (readonly number[])[],
  iter: number,
  b: GradientBuffers,
): number[][] {
  const n = Y.length;
  const { x, y, grad } = b;
  for (let i = 0; i < n; i++) {
    const row = Y[i] as readonly number[];
    x[i] = row[0] as number;
    y[i] = row[1] as number;
  }
  let z = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number;
    const yi = y[i] as number;
    for (let j = i + 1; j < n; j++) {
      const dx = xi - (x[j] as number);
      const dy = yi - (y[j] as number);
      z += 2 / (1 + dx * dx + dy * dy);
    }
  }
  const exaggeration = iter < 100 ? 4 : 1;
  for (let i = 0; i < n; i++) {
    const g = grad[i] as number[];
    g[0] = 0;
    g[1] = 0;
  }
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number;
    const yi = y[i] as number;
    const gi = grad[i] as number[];
    let gx = gi[0] as number;
    let gy = gi[1] as number;
    for (let j = i + 1; j < n; j++) {
      const dx = xi - (x[j] as number);
      const dy = yi - (y[j] as number);
      const q = 1 / (1 + dx * dx + dy * dy);
      // Q is floored at 1e-100 as in the reference implementation.
      const m = 4 * (exaggeration * (P[i * n + j] as number) - Math.max(q / z, 1e-100)) * q;
      gx += m * dx;
      gy += m * dy;
      const gj = grad[j] as number[];
      gj[0] = (gj[0] as number) - m * dx;
      gj[1] = (gj[1] as number) - m * dy;
    }
    gi[0] = gx;
    gi[1] = gy;
  }
  return grad;
}
