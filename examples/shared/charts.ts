/**
 * The charts of the examples (scatter, overlaid histograms, bars), drawn by Vega-Lite as
 * SVG without a browser and rasterized by resvg with the bundled font.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { FONT, svgToPng } from './render.js';

/** Tableau 10, fixed so pictures do not depend on a library's default theme. */
export const COLORS = [
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
] as const;

const THEME = {
  background: 'white',
  font: FONT,
  padding: 8,
  title: { fontSize: 15, fontWeight: 'normal', anchor: 'middle', offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 320 },
  view: { stroke: '#cccccc' },
} as const;

/** Size of a chart in SVG units; the PNG has twice as many pixels each way. */
export interface ChartSize {
  width?: number;
  height?: number;
}

/** Vega-Lite spec → PNG bytes at 2 pixels per unit. */
export async function chartPng(spec: TopLevelSpec): Promise<Buffer> {
  const compiled = compile({
    ...spec,
    config: { ...THEME, ...(spec.config ?? {}) },
  } as TopLevelSpec);
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none' });
  try {
    return svgToPng(await view.toSVG(), 2);
  } finally {
    view.finalize();
  }
}

/** A title of one or more lines (an array). */
export type ChartTitle = string | string[];

function sized(o: ChartSize & { title: ChartTitle }) {
  const width = o.width ?? 560;
  return {
    width,
    height: o.height ?? 400,
    autosize: { type: 'fit' as const, contains: 'padding' as const },
    title: { text: o.title },
  };
}

/** Points `[n, 2]` row-major coloured by class. */
export function scatterChart(
  xy: Float32Array | Float64Array,
  labels: ArrayLike<number>,
  o: ChartSize & { title: ChartTitle; classNames: readonly string[] },
): Promise<Buffer> {
  const values = Array.from({ length: labels.length }, (_, i) => ({
    x: xy[2 * i],
    y: xy[2 * i + 1],
    c: o.classNames[labels[i] as number] ?? String(labels[i]),
  }));
  const axis = {
    type: 'quantitative' as const,
    title: null,
    scale: { zero: false, nice: false, padding: 12 },
    axis: { grid: false, labels: false, ticks: false },
  };
  return chartPng({
    ...sized(o),
    data: { values },
    mark: { type: 'circle', size: values.length <= 1000 ? 22 : 10, opacity: 0.8 },
    encoding: {
      x: { field: 'x', ...axis },
      y: { field: 'y', ...axis },
      color: {
        field: 'c',
        type: 'nominal',
        title: 'digit',
        scale: { domain: [...o.classNames], range: COLORS.slice(0, o.classNames.length) },
        legend: { orient: 'right', symbolOpacity: 1, symbolSize: 80 },
      },
    },
  });
}

/** A group of values of {@link histogramChart}. */
export interface HistogramGroup {
  name: string;
  values: ArrayLike<number>;
}

/**
 * Overlaid histograms on shared bins, each group as the fraction of its own values per
 * bin (so groups of different sizes compare).
 */
export function histogramChart(
  groups: readonly HistogramGroup[],
  o: ChartSize & { title: ChartTitle; xLabel: string; bins?: number },
): Promise<Buffer> {
  const bins = o.bins ?? 40;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const g of groups) {
    for (let i = 0; i < g.values.length; i++) {
      lo = Math.min(lo, g.values[i] as number);
      hi = Math.max(hi, g.values[i] as number);
    }
  }
  const step = (hi - lo) / bins || 1;
  const rows: { g: string; x0: number; x1: number; f: number }[] = [];
  const names = groups.map((g) => `${g.name} (${g.values.length})`);
  groups.forEach((g, k) => {
    const counts = new Array<number>(bins).fill(0);
    for (let i = 0; i < g.values.length; i++) {
      const b = Math.min(bins - 1, Math.floor(((g.values[i] as number) - lo) / step));
      counts[b] = (counts[b] as number) + 1;
    }
    counts.forEach((c, b) => {
      rows.push({
        g: names[k] as string,
        x0: lo + b * step,
        x1: lo + (b + 1) * step,
        f: c / g.values.length,
      });
    });
  });
  return chartPng({
    ...sized(o),
    data: { values: rows },
    mark: { type: 'rect', fillOpacity: 0.45, stroke: null },
    encoding: {
      x: {
        field: 'x0',
        type: 'quantitative',
        title: o.xLabel,
        scale: { zero: false, nice: false },
      },
      x2: { field: 'x1' },
      y: { field: 'f', type: 'quantitative', title: 'fraction of group', stack: null },
      color: {
        field: 'g',
        type: 'nominal',
        title: null,
        scale: { domain: names, range: COLORS.slice(0, names.length) },
        legend: { orient: 'top-right', symbolType: 'square' },
      },
    },
  });
}

/** One bar per value, in the given order. */
export function barChart(
  values: ArrayLike<number>,
  o: ChartSize & { title: ChartTitle; xLabel: string; yLabel: string },
): Promise<Buffer> {
  const rows = Array.from({ length: values.length }, (_, i) => ({ i, v: values[i] as number }));
  return chartPng({
    ...sized(o),
    data: { values: rows },
    mark: { type: 'bar', color: COLORS[0] },
    encoding: {
      x: {
        field: 'i',
        type: 'ordinal',
        title: o.xLabel,
        axis: { labelAngle: 0, labelOverlap: true },
      },
      y: { field: 'v', type: 'quantitative', title: o.yLabel },
    },
  });
}
