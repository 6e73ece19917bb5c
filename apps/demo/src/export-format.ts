/**
 * The `ae export` format the Explore tab reads: `export.json` beside `examples.bin` and the
 * saved model in `model/`. The same shape describes a model trained in the page.
 */
import { DemoError } from './demo-error.js';

/** The version of `export.json` this page reads (and any older one). */
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

/** The contents of `export.json`. */
export interface ExportJson {
  /** Always `'ae-export'`. */
  format: 'ae-export';
  /** Version of the format; newer versions are refused. */
  formatVersion: number;
  /** Model family as in `ae.json`, e.g. `'vae'`. */
  family: string;
  /** The model as it was asked for, e.g. `'beta-vae'`. */
  model: string;
  /** Size of the flattened latent code. */
  latentDim: number;
  /** Shape of one example, `[height, width, channels]`. */
  inputShape: [number, number, number];
  /** Classes of a conditional model; 0 for the others. */
  numClasses: number;
  /** Names of the classes, indexed by label, when known. */
  classNames?: string[];
  /** True when the model can sample from a prior. */
  hasPrior: boolean;
  /** The validation examples stored in `examples.bin`. */
  examples: {
    /** File name, relative to `export.json`. */
    file: string;
    /** Number of examples. */
    count: number;
    /** Class label of each example. */
    labels: number[];
  };
  /** How unusual reconstructions are on validation data. */
  anomaly: {
    /** How a score is computed: `'squared-error'` is Σ(x − x̂)² over the pixels. */
    score: string;
    /** Quantiles of the validation scores. */
    quantiles: AnomalyQuantiles;
    /** Mean validation score. */
    mean: number;
    /** Standard deviation of the validation scores. */
    std: number;
  };
  /** VQ-VAE only: how often each code is used on validation data. */
  codebook?: {
    /** Number of codes. */
    numCodes: number;
    /** Use count (or fraction) of each code. */
    usage: number[];
  };
  /** ISO time of the export. */
  createdAt: string;
}

type Json = Record<string, unknown>;

/**
 * Checks parsed JSON against {@link ExportJson}; `where` (the file's URL) names it in errors.
 *
 * @throws DemoError `EXPORT_BAD_FORMAT` naming the first field that is wrong.
 */
export function parseExportJson(value: unknown, where: string): ExportJson {
  const fail = (field: string, got: unknown, expected: string): never => {
    throw new DemoError(
      'EXPORT_BAD_FORMAT',
      `${where}: ${field} must be ${expected}, got ${JSON.stringify(got)}. Re-create the folder with 'ae export'.`,
    );
  };
  const obj = (v: unknown, field: string): Json =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Json)
      : fail(field, v, 'an object');
  const num = (v: unknown, field: string): number =>
    typeof v === 'number' && Number.isFinite(v) ? v : fail(field, v, 'a finite number');
  const int = (v: unknown, field: string, min: number): number =>
    Number.isInteger(v) && (v as number) >= min
      ? (v as number)
      : fail(field, v, `an integer ≥ ${min}`);
  const str = (v: unknown, field: string): string =>
    typeof v === 'string' ? v : fail(field, v, 'a string');

  const j = obj(value, 'the file');
  if (j.format !== 'ae-export') fail('format', j.format, '"ae-export"');
  const formatVersion = int(j.formatVersion, 'formatVersion', 1);
  if (formatVersion > EXPORT_FORMAT_VERSION) {
    fail('formatVersion', formatVersion, `at most ${EXPORT_FORMAT_VERSION} (update the page)`);
  }
  const shape = j.inputShape;
  if (
    !Array.isArray(shape) ||
    shape.length !== 3 ||
    !shape.every((d) => Number.isInteger(d) && d > 0)
  ) {
    fail('inputShape', shape, '[height, width, channels] of positive integers');
  }
  const examples = obj(j.examples, 'examples');
  const count = int(examples.count, 'examples.count', 0);
  const labels = examples.labels ?? [];
  if (!Array.isArray(labels) || !labels.every((l) => Number.isInteger(l) && l >= 0)) {
    fail('examples.labels', labels, 'an array of non-negative integers');
  }
  if ((labels as number[]).length !== 0 && (labels as number[]).length !== count) {
    fail(
      'examples.labels',
      `${(labels as number[]).length} labels`,
      `${count} labels (examples.count)`,
    );
  }
  const anomaly = obj(j.anomaly, 'anomaly');
  const q = obj(anomaly.quantiles, 'anomaly.quantiles');
  const quantiles = {
    p50: num(q.p50, 'anomaly.quantiles.p50'),
    p90: num(q.p90, 'anomaly.quantiles.p90'),
    p95: num(q.p95, 'anomaly.quantiles.p95'),
    p99: num(q.p99, 'anomaly.quantiles.p99'),
  };
  if (
    !(
      quantiles.p50 <= quantiles.p90 &&
      quantiles.p90 <= quantiles.p95 &&
      quantiles.p95 <= quantiles.p99
    )
  ) {
    fail('anomaly.quantiles', quantiles, 'non-decreasing values p50 ≤ p90 ≤ p95 ≤ p99');
  }
  const classNames = j.classNames;
  if (classNames !== undefined && classNames !== null) {
    if (!Array.isArray(classNames) || !classNames.every((c) => typeof c === 'string')) {
      fail('classNames', classNames, 'an array of strings');
    }
  }
  let codebook: ExportJson['codebook'];
  if (j.codebook !== undefined && j.codebook !== null) {
    const c = obj(j.codebook, 'codebook');
    const numCodes = int(c.numCodes, 'codebook.numCodes', 1);
    const usage = c.usage;
    if (
      !Array.isArray(usage) ||
      usage.length !== numCodes ||
      !usage.every((u) => typeof u === 'number' && u >= 0)
    ) {
      fail('codebook.usage', usage, `${numCodes} non-negative numbers (codebook.numCodes)`);
    }
    codebook = { numCodes, usage: usage as number[] };
  }
  return {
    format: 'ae-export',
    formatVersion,
    family: str(j.family, 'family'),
    model: typeof j.model === 'string' ? j.model : str(j.family, 'family'),
    latentDim: int(j.latentDim, 'latentDim', 1),
    inputShape: shape as [number, number, number],
    numClasses:
      j.numClasses === undefined || j.numClasses === null ? 0 : int(j.numClasses, 'numClasses', 0),
    ...(Array.isArray(classNames) ? { classNames: classNames as string[] } : {}),
    hasPrior: j.hasPrior === true,
    examples: { file: str(examples.file, 'examples.file'), count, labels: labels as number[] },
    anomaly: {
      score: typeof anomaly.score === 'string' ? anomaly.score : 'squared-error',
      quantiles,
      mean: num(anomaly.mean, 'anomaly.mean'),
      std: num(anomaly.std, 'anomaly.std'),
    },
    ...(codebook ? { codebook } : {}),
    createdAt: typeof j.createdAt === 'string' ? j.createdAt : '',
  };
}
