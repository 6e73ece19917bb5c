/** Line charts: one or more series against a shared x axis. */
import type { TopLevelSpec } from 'vega-lite';
import { chartSize, checkFinite, checkSameLength } from './check.js';
import { categoryColors } from './palette.js';
import { PlotError } from './plot-error.js';
import { chartTitle, renderPng } from './render.js';

/** One line of a chart. */
export interface Series {
  /** Name in the legend (unique within a chart). */
  name: string;
  /** x of each point. */
  x: number[];
  /** y of each point, aligned with `x`. */
  y: number[];
}

/** Options of {@link lineChartPng}. */
export interface LineChartOptions {
  /** Title above the chart; `'\n'` starts a second line. */
  title: string;
  /** Title of the x axis. */
  xLabel: string;
  /** Title of the y axis. */
  yLabel: string;
  /** Logarithmic y axis (every y must then be > 0). Default false. */
  logY?: boolean;
  /** Width of the whole picture in CSS pixels (default 640; the PNG has twice as many). */
  width?: number;
  /** Height of the whole picture in CSS pixels (default 400). */
  height?: number;
}

/** Series with few points also get a dot per point, so a one-epoch run is visible. */
const DOTS_UP_TO = 40;

/**
 * Scale of one axis. A single distinct value gets an explicit domain around it (Vega
 * would otherwise draw one tick labelled with six decimals).
 */
export function axisScale(values: number[], log: boolean): Record<string, unknown> {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (lo === hi) {
    return log
      ? { type: 'log', domain: [lo / 2, lo * 2] }
      : {
          zero: false,
          domain: [lo - Math.max(1, Math.abs(lo) / 10), hi + Math.max(1, Math.abs(hi) / 10)],
        };
  }
  return log ? { type: 'log' } : { zero: false };
}

/**
 * A line chart of one or more series as PNG bytes: series coloured in order from the
 * categorical palette, a legend when there is more than one, axis titles, optional log y.
 */
export async function lineChartPng(series: Series[], o: LineChartOptions): Promise<Buffer> {
  const fn = 'lineChartPng';
  const size = chartSize(fn, o);
  if (series.length === 0 || series.every((s) => s.x.length === 0)) {
    throw new PlotError(
      'PLOT_EMPTY',
      `${fn} '${o.title}': no points to draw; pass at least one series with points.`,
    );
  }
  const names = new Set<string>();
  for (const s of series) {
    if (names.has(s.name)) {
      throw new PlotError(
        'PLOT_BAD_OPTION',
        `${fn} '${o.title}': two series are named '${s.name}'; give each a unique name.`,
      );
    }
    names.add(s.name);
    checkSameLength(fn, `series '${s.name}' x`, s.x.length, 'y', s.y.length);
    checkFinite(fn, `series '${s.name}' x`, s.x);
    checkFinite(fn, `series '${s.name}' y`, s.y, o.logY === true);
  }
  const values = series.flatMap((s) => s.x.map((x, i) => ({ series: s.name, x, y: s.y[i] })));
  const maxPoints = Math.max(...series.map((s) => s.x.length));
  const spec: TopLevelSpec = {
    ...size,
    autosize: { type: 'fit', contains: 'padding' },
    title: chartTitle(o.title, size.width),
    data: { values },
    mark: { type: 'line', strokeWidth: 2, point: maxPoints <= DOTS_UP_TO ? { size: 30 } : false },
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        title: o.xLabel,
        scale: axisScale(
          series.flatMap((s) => s.x),
          false,
        ),
      },
      y: {
        field: 'y',
        type: 'quantitative',
        title: o.yLabel,
        scale: axisScale(
          series.flatMap((s) => s.y),
          o.logY === true,
        ),
      },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: [...names], range: categoryColors(names.size) },
        legend: names.size > 1 ? { orient: 'right' } : null,
      },
    },
  };
  return renderPng(spec);
}
