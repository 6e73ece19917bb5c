/** Overlaid histograms of several groups on shared bins. */
import type { TopLevelSpec } from 'vega-lite';
import { chartSize, checkFinite } from './check.js';
import { categoryColors } from './palette.js';
import { PlotError } from './plot-error.js';
import { chartTitle, renderPng } from './render.js';

/** One group of {@link histogramPng}. */
export interface HistogramGroup {
  /** Name in the legend (the legend adds the group's size). */
  name: string;
  /** The values, e.g. anomaly scores of one class. */
  values: ArrayLike<number>;
}

/** Options of {@link histogramPng}. */
export interface HistogramOptions {
  /** Title above the chart; `'\n'` starts a second line. */
  title: string;
  /** Title of the x axis (what the values are). */
  xLabel: string;
  /** Number of equal-width bins spanning all values (default 30). */
  bins?: number;
  /** Width of the whole picture in CSS pixels (default 640; the PNG has twice as many). */
  width?: number;
  /** Height of the whole picture in CSS pixels (default 400). */
  height?: number;
}

/** Shared bins: `edges[0] = min`, `edges[bins] = max` of every value of every group. */
export interface Bins {
  /** `bins + 1` increasing edges. */
  edges: number[];
  /** `counts[g][b]`: values of group g in bin b (the last bin includes its right edge). */
  counts: number[][];
}

/** Counts every group on `bins` equal-width bins over the range of all values. */
export function shareBins(groups: readonly HistogramGroup[], bins: number): Bins {
  let lo = Infinity;
  let hi = -Infinity;
  for (const g of groups) {
    for (let i = 0; i < g.values.length; i++) {
      const v = g.values[i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === hi) {
    // One distinct value: a unit-wide range around it.
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width));
  const counts = groups.map((g) => {
    const c = new Array<number>(bins).fill(0);
    for (let i = 0; i < g.values.length; i++) {
      const b = Math.min(bins - 1, Math.floor(((g.values[i] as number) - lo) / width));
      c[b] = (c[b] as number) + 1;
    }
    return c;
  });
  return { edges, counts };
}

/**
 * Overlaid histograms as PNG bytes: every group is counted on the same bins and drawn
 * as the fraction of its own values per bin (so a group of 50 compares with one of
 * 5,000), a translucent fill under a solid outline, one colour per group, and a legend
 * with each group's size when there is more than one group.
 */
export async function histogramPng(groups: HistogramGroup[], o: HistogramOptions): Promise<Buffer> {
  const fn = 'histogramPng';
  const size = chartSize(fn, o);
  const bins = o.bins ?? 30;
  if (!Number.isInteger(bins) || bins < 1 || bins > 1000) {
    throw new PlotError(
      'PLOT_BAD_OPTION',
      `${fn} '${o.title}': bins is ${bins}; pass an integer from 1 to 1000 (default 30).`,
    );
  }
  const kept = groups.filter((g) => g.values.length > 0);
  if (kept.length === 0) {
    throw new PlotError(
      'PLOT_EMPTY',
      `${fn} '${o.title}': every group is empty; pass at least one value.`,
    );
  }
  for (const g of kept) checkFinite(fn, `group '${g.name}' values`, g.values);
  const { edges, counts } = shareBins(kept, bins);
  const labels = kept.map((g) => `${g.name} (${g.values.length})`);
  if (new Set(labels).size !== labels.length) {
    throw new PlotError(
      'PLOT_BAD_OPTION',
      `${fn} '${o.title}': two groups share a name; give each a unique name.`,
    );
  }
  const bars: { g: string; x0: number; x1: number; f: number }[] = [];
  const outline: { g: string; x: number; f: number }[] = [];
  kept.forEach((g, k) => {
    const name = labels[k] as string;
    const c = counts[k] as number[];
    c.forEach((count, b) => {
      const f = count / g.values.length;
      bars.push({ g: name, x0: edges[b] as number, x1: edges[b + 1] as number, f });
      outline.push({ g: name, x: edges[b] as number, f });
    });
    outline.push({
      g: name,
      x: edges[bins] as number,
      f: (c[bins - 1] as number) / g.values.length,
    });
  });
  const color = {
    field: 'g',
    type: 'nominal' as const,
    title: null,
    scale: { domain: labels, range: categoryColors(labels.length) },
    legend: labels.length > 1 ? { orient: 'right' as const, symbolType: 'square' } : null,
  };
  const y = { type: 'quantitative' as const, title: 'fraction of group', stack: null };
  const spec: TopLevelSpec = {
    ...size,
    autosize: { type: 'fit', contains: 'padding' },
    title: chartTitle(o.title, size.width),
    layer: [
      {
        data: { values: bars },
        mark: { type: 'rect', fillOpacity: 0.3 },
        encoding: {
          x: {
            field: 'x0',
            type: 'quantitative',
            title: o.xLabel,
            scale: { zero: false, nice: false },
          },
          x2: { field: 'x1' },
          y: { field: 'f', ...y },
          color,
        },
      },
      {
        data: { values: outline },
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'f', ...y },
          color,
        },
      },
    ],
  };
  return renderPng(spec);
}
