/** Codes of {@link PlotError}. */
export type PlotErrorCode =
  /** Nothing to draw: no series, no points, or only empty groups. */
  | 'PLOT_EMPTY'
  /** Two arrays that must be aligned (x and y, points and labels) differ in length. */
  | 'PLOT_LENGTH_MISMATCH'
  /** A value is NaN or infinite. */
  | 'PLOT_NOT_FINITE'
  /** A log axis got a value ≤ 0. */
  | 'PLOT_NOT_POSITIVE'
  /** A label is not an integer ≥ 0 (or has no class name). */
  | 'PLOT_BAD_LABEL'
  /** A width, height or bin count is not a positive integer in range. */
  | 'PLOT_BAD_OPTION'
  /** A metrics file is missing, unreadable or has no numeric terms. */
  | 'PLOT_BAD_METRICS';

/**
 * Bad input to a chart. Raised before anything is drawn; the message names the chart
 * function, the series or field, the offending value and what to pass instead.
 */
export class PlotError extends Error {
  /** Machine-readable reason. */
  readonly code: PlotErrorCode;

  constructor(code: PlotErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlotError';
    this.code = code;
  }
}
