/**
 * How well a 2-D picture keeps classes together: the fraction of points whose nearest
 * other point in the picture has the same label. 1 means every point sits next to its
 * own class; for `k` equal classes mixed at random it is about 1/k.
 */
export function neighbourAgreement(xy: Float32Array, labels: ArrayLike<number>): number {
  const n = labels.length;
  if (xy.length !== 2 * n) {
    throw new RangeError(
      `neighbourAgreement: ${xy.length} coordinates for ${n} labels; pass [x, y] per point.`,
    );
  }
  if (n < 2) return Number.NaN;
  let same = 0;
  for (let i = 0; i < n; i++) {
    const xi = xy[2 * i] as number;
    const yi = xy[2 * i + 1] as number;
    let best = -1;
    let bestD = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = xi - (xy[2 * j] as number);
      const dy = yi - (xy[2 * j + 1] as number);
      const d = dx * dx + dy * dy;
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    if (labels[best] === labels[i]) same++;
  }
  return same / n;
}
