/**
 * Colours of the charts. Fixed hex values (the Tableau 10 and 20 categorical schemes) so
 * a picture, and a test counting its pixels, does not depend on a plotting library's
 * default theme.
 */

/** Tableau 10: up to 10 series or classes. */
export const CATEGORY_10: readonly string[] = [
  '#4c78a8',
  '#f58518',
  '#54a24b',
  '#e45756',
  '#72b7b2',
  '#eeca3b',
  '#b279a2',
  '#ff9da6',
  '#9d755d',
  '#bab0ac',
];

/** Tableau 20 (dark and light pairs): 11 to 20 classes. */
export const CATEGORY_20: readonly string[] = [
  '#4c78a8',
  '#9ecae9',
  '#f58518',
  '#ffbf79',
  '#54a24b',
  '#88d27a',
  '#b79a20',
  '#f2cf5b',
  '#439894',
  '#83bcb6',
  '#e45756',
  '#ff9d98',
  '#79706e',
  '#bab0ac',
  '#d67195',
  '#fcbfd2',
  '#b279a2',
  '#d6a5c9',
  '#9e765f',
  '#d8b5a5',
];

/** Colour of unlabelled points. */
export const NEUTRAL = '#4c78a8';

/**
 * The colours of `n` categories: Tableau 10 for up to 10, Tableau 20 for up to 20;
 * beyond 20 the 20 colours repeat (the legend still names every category).
 */
export function categoryColors(n: number): string[] {
  const scheme = n <= CATEGORY_10.length ? CATEGORY_10 : CATEGORY_20;
  return Array.from({ length: n }, (_, i) => scheme[i % scheme.length] as string);
}

/** `'#rrggbb'` as `[r, g, b]` in 0…255. */
export function hexToRgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`hexToRgb: expected a colour like '#4c78a8', got '${hex}'.`);
  return [parseInt(m[1] as string, 16), parseInt(m[2] as string, 16), parseInt(m[3] as string, 16)];
}
