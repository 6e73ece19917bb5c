/**
 * Charts as PNG bytes: line charts, class-coloured scatter plots and overlaid
 * histograms, rendered the same on every machine (bundled font, no browser).
 */
export { type HistogramGroup, type HistogramOptions, histogramPng } from './histogram.js';
export { type LineChartOptions, lineChartPng, type Series } from './line-chart.js';
export { PlotError, type PlotErrorCode } from './plot-error.js';
export { type ScatterOptions, type ScatterPoints, scatterPng } from './scatter.js';
