/** Scatter plots of 2-D points coloured by class. */
import type { TopLevelSpec } from 'vega-lite';
import { chartSize, checkFinite, checkSameLength } from './check.js';
import { categoryColors, NEUTRAL } from './palette.js';
import { PlotError } from './plot-error.js';
import { chartTitle, renderPng } from './render.js';

/** The points of {@link scatterPng}. */
export interface ScatterPoints {
  /** x of each point. */
  x: ArrayLike<number>;
  /** y of each point, aligned with `x`. */
  y: ArrayLike<number>;
  /** Integer class (≥ 0) of each point; absent: every point gets one colour, no legend. */
  labels?: ArrayLike<number>;
}

/** Options of {@link scatterPng}. */
export interface ScatterOptions {
  /** Title above the chart; `'\n'` starts a second line. */
  title: string;
  /** Names of the classes, indexed by label (default: the label numbers). */
  classNames?: readonly string[];
  /** Title of the x axis (default none). */
  xLabel?: string;
  /** Title of the y axis (default none). */
  yLabel?: string;
  /** Width of the whole picture in CSS pixels (default 640; the PNG has twice as many). */
  width?: number;
  /** Height of the whole picture in CSS pixels (default 400). */
  height?: number;
}

/** Opacity of the dots: overlaps show as darker spots. */
export const POINT_OPACITY = 0.8;

/** Dot area in px² by number of points: big dots for few points, small for many. */
function dotSize(n: number): number {
  return n <= 300 ? 36 : n <= 1000 ? 22 : n <= 3000 ? 12 : 6;
}

/** The class names of labels 0 … K−1, checked against the labels. */
function classDomain(fn: string, labels: ArrayLike<number>, names?: readonly string[]): string[] {
  let max = -1;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] as number;
    if (!Number.isInteger(l) || l < 0 || (names !== undefined && l >= names.length)) {
      const what = names
        ? `an integer from 0 to ${names.length - 1} (one per class name)`
        : 'an integer ≥ 0';
      throw new PlotError(
        'PLOT_BAD_LABEL',
        `${fn}: labels[${i}] is ${l}; each label must be ${what}.`,
      );
    }
    if (l > max) max = l;
  }
  return names ? [...names] : Array.from({ length: max + 1 }, (_, i) => String(i));
}

/**
 * A scatter plot of 2-D points as PNG bytes. Labelled points are coloured by class (the
 * categorical palette: class k gets colour k; beyond 20 classes colours repeat) with a
 * legend of class names; unlabelled points share one colour.
 */
export async function scatterPng(points: ScatterPoints, o: ScatterOptions): Promise<Buffer> {
  const fn = 'scatterPng';
  const size = chartSize(fn, o);
  const n = points.x.length;
  if (n === 0) throw new PlotError('PLOT_EMPTY', `${fn} '${o.title}': no points to draw.`);
  checkSameLength(fn, 'x', n, 'y', points.y.length);
  if (points.labels) checkSameLength(fn, 'x', n, 'labels', points.labels.length);
  checkFinite(fn, 'x', points.x);
  checkFinite(fn, 'y', points.y);
  const domain = points.labels ? classDomain(fn, points.labels, o.classNames) : undefined;
  const values = Array.from({ length: n }, (_, i) => ({
    x: points.x[i],
    y: points.y[i],
    ...(domain && points.labels ? { c: domain[points.labels[i] as number] } : {}),
  }));
  const axis = (title: string | undefined) => ({
    type: 'quantitative' as const,
    title: title ?? null,
    scale: { zero: false, nice: false, padding: 12 },
    axis: { grid: false },
  });
  const spec: TopLevelSpec = {
    ...size,
    autosize: { type: 'fit', contains: 'padding' },
    title: chartTitle(o.title, size.width),
    data: { values },
    mark: {
      type: 'circle',
      size: dotSize(n),
      opacity: POINT_OPACITY,
      ...(domain ? {} : { color: NEUTRAL }),
    },
    encoding: {
      x: { field: 'x', ...axis(o.xLabel) },
      y: { field: 'y', ...axis(o.yLabel) },
      ...(domain
        ? {
            color: {
              field: 'c',
              type: 'nominal' as const,
              title: 'class',
              scale: { domain, range: categoryColors(domain.length) },
              legend: { orient: 'right' as const, symbolOpacity: 1, symbolSize: 80 },
            },
          }
        : {}),
    },
  };
  return renderPng(spec);
}
