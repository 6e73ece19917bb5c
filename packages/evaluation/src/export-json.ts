/**
 * `export.json`, the description of an export bundle: what the web demo needs to know about
 * an exported model. A bundle is a folder (or, for a model trained in a page, the same data
 * in memory):
 *
 * ```text
 * model/         the saved model (ae.json + each network's model.json and weights)
 * export.json    an ExportJson
 * examples.bin   example images as uint8, row-major [count, h, w, c]
 * ```
 *
 * This module owns the format: its type, its version, its text and its parser.
 */
import { mustBe, NUMBER_RULE_TEXT, type NumberRule, obeys } from '@ae/core';
import { EvaluationError } from './evaluation-error.js';

/** Version of the `export.json` format written here; it reads this one and older ones. */
export const EXPORT_FORMAT_VERSION = 1;

/** The quantiles of the validation anomaly scores that `export.json` records. */
export interface AnomalyQuantiles {
  /** Median score. */
  p50: number;
  /** 90th percentile. */
  p90: number;
  /** 95th percentile. */
  p95: number;
  /** 99th percentile. */
  p99: number;
}

/** Summary of the per-example anomaly scores of the validation set. */
export interface AnomalyStats {
  /** The score: `'squared-error'`, Σ (x − x̂)² over one example's values. */
  score: 'squared-error';
  /** Quantiles of the score (type 7, linear interpolation), non-decreasing. */
  quantiles: AnomalyQuantiles;
  /** Mean of the score. */
  mean: number;
  /** Population standard deviation of the score. */
  std: number;
}

/** `export.json`: what the web demo needs to know about an exported model. */
export interface ExportJson {
  /** Always `'ae-export'`. */
  format: 'ae-export';
  /** Version of the format, at most {@link EXPORT_FORMAT_VERSION}. */
  formatVersion: number;
  /** Model family as stored in `ae.json`, e.g. `'vae'`. */
  family: string;
  /** The model as it was asked for (e.g. `'beta-vae'`, the `--model` of a run), else the family. */
  model: string;
  /** Size of the flattened latent code. */
  latentDim: number;
  /** Shape of one example, `[height, width, channels]`. */
  inputShape: [number, number, number];
  /** Number of classes of a conditional model, 0 otherwise. */
  numClasses: number;
  /** Names of the data's classes, indexed by label, when known. */
  classNames?: string[];
  /** Whether the exported model can sample (a Gaussian prior, or a fitted code prior). */
  hasPrior: boolean;
  /** The example images. */
  examples: {
    /** File name, relative to `export.json`: `'examples.bin'`. */
    file: string;
    /** Number of images in the file. */
    count: number;
    /** Label of each image (empty for unlabelled data). */
    labels: number[];
  };
  /** Anomaly scores of the validation set, to place a new example's score among them. */
  anomaly: AnomalyStats;
  /** Models with a codebook only: how often each code is chosen over the example images. */
  codebook?: {
    /** Number of codes K. */
    numCodes: number;
    /** Use count of each of the K codes, over every code position of every example. */
    usage: number[];
  };
  /** ISO time of the export (empty when a file did not record it). */
  createdAt: string;
}

/**
 * The text of `export.json`: indented JSON with each array of numbers (shape, labels,
 * usage) on one line, ending in a newline. `JSON.parse` of it gives `json` back.
 */
export function exportJsonText(json: ExportJson): string {
  const text = JSON.stringify(json, null, 2).replace(
    /\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]/g,
    (_, inner: string) => `[${inner.split(/,\s*/).join(', ')}]`,
  );
  return `${text}\n`;
}

type Json = Record<string, unknown>;

/** The field readers of {@link parseExportJson}, each failing with the field's name. */
function readers(where: string) {
  const fail = (field: string, got: unknown, expected: string): never => {
    throw new EvaluationError(
      'EVAL_BAD_EXPORT',
      `${mustBe(where, field, expected, got)} Re-create the folder with 'ae export'.`,
    );
  };
  const rule = (v: unknown, field: string, r: NumberRule): number =>
    obeys(v, r) ? v : fail(field, v, NUMBER_RULE_TEXT[r]);
  return {
    fail,
    obj: (v: unknown, field: string): Json =>
      typeof v === 'object' && v !== null && !Array.isArray(v)
        ? (v as Json)
        : fail(field, v, 'an object'),
    num: (v: unknown, field: string) => rule(v, field, 'finite'),
    count: (v: unknown, field: string) => rule(v, field, 'non-negative-integer'),
    size: (v: unknown, field: string) => rule(v, field, 'positive-integer'),
    str: (v: unknown, field: string): string =>
      typeof v === 'string' ? v : fail(field, v, 'a string'),
  };
}

/** Reads `anomaly`: the quantiles must be finite and non-decreasing. */
function readAnomaly(j: Json, r: ReturnType<typeof readers>): AnomalyStats {
  const anomaly = r.obj(j.anomaly, 'anomaly');
  if (anomaly.score !== undefined && anomaly.score !== 'squared-error') {
    r.fail('anomaly.score', anomaly.score, '"squared-error" (the only score of this version)');
  }
  const q = r.obj(anomaly.quantiles, 'anomaly.quantiles');
  const quantiles = {
    p50: r.num(q.p50, 'anomaly.quantiles.p50'),
    p90: r.num(q.p90, 'anomaly.quantiles.p90'),
    p95: r.num(q.p95, 'anomaly.quantiles.p95'),
    p99: r.num(q.p99, 'anomaly.quantiles.p99'),
  };
  const { p50, p90, p95, p99 } = quantiles;
  if (!(p50 <= p90 && p90 <= p95 && p95 <= p99)) {
    r.fail('anomaly.quantiles', quantiles, 'non-decreasing values p50 ≤ p90 ≤ p95 ≤ p99');
  }
  return {
    score: 'squared-error',
    quantiles,
    mean: r.num(anomaly.mean, 'anomaly.mean'),
    std: r.num(anomaly.std, 'anomaly.std'),
  };
}

/** Reads `codebook` when present: `numCodes` counts, one per code. */
function readCodebook(j: Json, r: ReturnType<typeof readers>): ExportJson['codebook'] {
  if (j.codebook === undefined || j.codebook === null) return undefined;
  const c = r.obj(j.codebook, 'codebook');
  const numCodes = r.size(c.numCodes, 'codebook.numCodes');
  const usage = c.usage;
  if (
    !Array.isArray(usage) ||
    usage.length !== numCodes ||
    !usage.every((u) => obeys(u, 'non-negative'))
  ) {
    r.fail('codebook.usage', usage, `${numCodes} non-negative numbers (codebook.numCodes)`);
  }
  return { numCodes, usage: usage as number[] };
}

/**
 * Checks parsed JSON against {@link ExportJson}, field by field, and returns it with the
 * optional fields filled in (`model` = `family`, `numClasses` 0, no `classNames` or
 * `codebook`). `where` (the file's path or URL) names it in errors.
 *
 * @throws EvaluationError `EVAL_BAD_EXPORT` naming the first field that is wrong, its value
 *   and what was expected; a newer `formatVersion` is refused.
 */
export function parseExportJson(value: unknown, where: string): ExportJson {
  const r = readers(where);
  const j = r.obj(value, 'the file');
  if (j.format !== 'ae-export') r.fail('format', j.format, '"ae-export"');
  const formatVersion = r.size(j.formatVersion, 'formatVersion');
  if (formatVersion > EXPORT_FORMAT_VERSION) {
    r.fail('formatVersion', formatVersion, `at most ${EXPORT_FORMAT_VERSION} (update the page)`);
  }
  const shape = j.inputShape;
  if (
    !Array.isArray(shape) ||
    shape.length !== 3 ||
    !shape.every((d) => obeys(d, 'positive-integer'))
  ) {
    r.fail('inputShape', shape, '[height, width, channels] of positive integers');
  }
  const examples = r.obj(j.examples, 'examples');
  const count = r.count(examples.count, 'examples.count');
  const given = examples.labels ?? [];
  const labels =
    Array.isArray(given) && given.every((l) => obeys(l, 'non-negative-integer'))
      ? (given as number[])
      : r.fail('examples.labels', given, 'an array of non-negative integers');
  if (labels.length !== 0 && labels.length !== count) {
    r.fail('examples.labels', `${labels.length} labels`, `${count} labels (examples.count)`);
  }
  const classNames = j.classNames;
  if (classNames !== undefined && classNames !== null) {
    if (!Array.isArray(classNames) || !classNames.every((c) => typeof c === 'string')) {
      r.fail('classNames', classNames, 'an array of strings');
    }
  }
  const family = r.str(j.family, 'family');
  const codebook = readCodebook(j, r);
  return {
    format: 'ae-export',
    formatVersion,
    family,
    model: typeof j.model === 'string' ? j.model : family,
    latentDim: r.size(j.latentDim, 'latentDim'),
    inputShape: shape as [number, number, number],
    numClasses:
      j.numClasses === undefined || j.numClasses === null ? 0 : r.count(j.numClasses, 'numClasses'),
    ...(Array.isArray(classNames) ? { classNames: classNames as string[] } : {}),
    hasPrior: j.hasPrior === true,
    examples: { file: r.str(examples.file, 'examples.file'), count, labels },
    anomaly: readAnomaly(j, r),
    ...(codebook ? { codebook } : {}),
    createdAt: typeof j.createdAt === 'string' ? j.createdAt : '',
  };
}
