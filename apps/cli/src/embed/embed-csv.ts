/** The CSV of `ae embed`: one row per point, `x,y,label`. */

/**
 * `x,y,label` rows for `count` points (row-major `[count, 2]` coordinates); the label
 * column is empty for unlabelled data. Coordinates keep 7 significant digits.
 */
export function embedCsv(xy: Float32Array, labels?: ArrayLike<number>): string {
  const count = xy.length / 2;
  if (labels !== undefined && labels.length !== count) {
    throw new RangeError(
      `embedCsv: ${labels.length} labels for ${count} points; pass one per point.`,
    );
  }
  const fmt = (v: number) => String(Number(v.toPrecision(7)));
  const rows = ['x,y,label'];
  for (let i = 0; i < count; i++) {
    rows.push(`${fmt(xy[2 * i] as number)},${fmt(xy[2 * i + 1] as number)},${labels?.[i] ?? ''}`);
  }
  return `${rows.join('\n')}\n`;
}
