/**
 * The standard normal quantile function Φ⁻¹ and the grid coordinates of `ae manifold`.
 *
 * Φ⁻¹ uses the rational approximations of Wichura (1988), "Algorithm AS 241: The
 * percentage points of the normal distribution" (PPND16), accurate to about 1e-16
 * relative error over (0, 1).
 */

// Central region |p − ½| ≤ 0.425: Φ⁻¹(p) = q · A(r) / B(r), r = 0.180625 − q².
const A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852854,
];
// Tails, r = √(−ln min(p, 1 − p)) ≤ 5: C(r − 1.6) / D(r − 1.6).
const C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008,
  0.015198666563616457, 0.0005475938084995345, 1.0507500716444169e-9,
];
// Far tails, r > 5: E(r − 5) / F(r − 5).
const E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487,
  0.026532189526576124, 0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
];
const F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
];

/** Σ c[i]·x^i by Horner's rule. */
function poly(c: readonly number[], x: number): number {
  let s = 0;
  for (let i = c.length - 1; i >= 0; i--) s = s * x + (c[i] as number);
  return s;
}

/**
 * Φ⁻¹(p): the x with P(N(0, 1) ≤ x) = p. `normalQuantile(0.975)` ≈ 1.959964;
 * `normalQuantile(0)` = −∞ and `normalQuantile(1)` = ∞.
 *
 * @throws RangeError for p outside [0, 1] or NaN.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`normalQuantile: p must be a probability in [0, 1], got ${p}.`);
  }
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(A, r)) / poly(B, r);
  }
  const r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  const x = r <= 5 ? poly(C, r - 1.6) / poly(D, r - 1.6) : poly(E, r - 5) / poly(F, r - 5);
  return q < 0 ? -x : x;
}

/**
 * `n` coordinates at the standard-normal quantiles of the midpoints of `n` equal slices
 * of probability, Φ⁻¹((i + ½) / n) for i = 0 … n − 1: evenly spaced in probability under
 * a N(0, 1) prior, so every row of a manifold grid covers the same prior mass.
 */
export function gaussianGrid(n: number): number[] {
  checkCount(n);
  return Array.from({ length: n }, (_, i) => normalQuantile((i + 0.5) / n));
}

/** `n` evenly spaced coordinates from `lo` to `hi`, both included (one point: the middle). */
export function linearGrid(n: number, lo: number, hi: number): number[] {
  checkCount(n);
  if (n === 1) return [(lo + hi) / 2];
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`grid: the number of points must be a positive integer, got ${n}.`);
  }
}
