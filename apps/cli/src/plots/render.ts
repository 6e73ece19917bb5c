/**
 * Renders a Vega-Lite spec to PNG bytes: Vega lays the chart out as SVG (no canvas, no
 * browser) and resvg rasterizes it with the bundled DejaVu Sans, never a system font,
 * so the same chart gives the same pixels on every machine.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** The one font every chart uses. */
export const FONT_FAMILY = 'DejaVu Sans';

/** Default size of a chart in CSS pixels (the PNG has {@link PIXEL_RATIO} times as many). */
export const DEFAULT_SIZE = { width: 640, height: 400 } as const;

/** Device pixels per CSS pixel of the PNG. */
export const PIXEL_RATIO = 2;

let fontPath: string | undefined;

/** Absolute path of `DejaVuSans.ttf` from the `dejavu-fonts-ttf` package. */
export function fontFile(): string {
  if (fontPath === undefined) {
    const pkg = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json');
    fontPath = join(dirname(pkg), 'ttf', 'DejaVuSans.ttf');
  }
  return fontPath;
}

/** Theme shared by every chart: white background, DejaVu Sans, readable sizes. */
export const THEME = {
  background: 'white',
  font: FONT_FAMILY,
  padding: 8,
  title: { fontSize: 15, fontWeight: 'normal', anchor: 'middle', offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 220 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: '#cccccc' },
} as const;

/**
 * A chart title: lines split at `'\n'`, each cut with an ellipsis at the chart's width so
 * that a long title never squeezes or shifts the plot.
 */
export function chartTitle(title: string, width: number) {
  const lines = title.split('\n');
  return { text: lines.length === 1 ? (lines[0] as string) : lines, limit: width - 16 };
}

/** Vega-Lite spec → SVG text. */
export async function specToSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** SVG text → PNG bytes at `scale` device pixels per CSS pixel, on white. */
export function svgToPng(svg: string, scale = PIXEL_RATIO): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: {
      loadSystemFonts: false,
      fontFiles: [fontFile()],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  });
  return resvg.render().asPng();
}

/** Vega-Lite spec → PNG bytes (the spec's `config` is merged over {@link THEME}). */
export async function renderPng(spec: TopLevelSpec, scale = PIXEL_RATIO): Promise<Buffer> {
  const config = { ...THEME, ...(spec.config ?? {}) };
  return svgToPng(await specToSvg({ ...spec, config } as TopLevelSpec), scale);
}
