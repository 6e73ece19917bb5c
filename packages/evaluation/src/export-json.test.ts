import { describe, expect, it } from 'vitest';
import { EvaluationError } from './evaluation-error.js';
import {
  EXPORT_FORMAT_VERSION,
  type ExportJson,
  exportJsonText,
  parseExportJson,
} from './export-json.js';

const valid = () => ({
  format: 'ae-export',
  formatVersion: 1,
  family: 'vq-vae',
  model: 'vq-vae',
  latentDim: 16,
  inputShape: [28, 28, 1],
  numClasses: 0,
  classNames: ['0', '1'],
  hasPrior: true,
  examples: { file: 'examples.bin', count: 3, labels: [0, 1, 1] },
  anomaly: {
    score: 'squared-error',
    quantiles: { p50: 10, p90: 20, p95: 25, p99: 40 },
    mean: 12,
    std: 5,
  },
  codebook: { numCodes: 2, usage: [3, 0] },
  createdAt: '2025-01-01T00:00:00.000Z',
});

function failure(value: unknown): EvaluationError {
  try {
    parseExportJson(value, 'https://x/web/export.json');
  } catch (error) {
    return error as EvaluationError;
  }
  throw new Error('expected parseExportJson to throw');
}

describe('parseExportJson', () => {
  it('reads every field of a valid file', () => {
    expect(parseExportJson(valid(), 'export.json')).toEqual(valid());
  });

  it('fills optional fields: numClasses 0, model = family, no class names', () => {
    const { classNames: _c, codebook: _b, model: _m, ...rest } = valid();
    const parsed = parseExportJson({ ...rest, numClasses: undefined }, 'export.json');
    expect(parsed.numClasses).toBe(0);
    expect(parsed.model).toBe('vq-vae');
    expect(parsed.classNames).toBeUndefined();
    expect(parsed.codebook).toBeUndefined();
  });

  it.each([
    [{ format: 'ae-model' }, 'format'],
    [{ formatVersion: 2 }, 'formatVersion'],
    [{ inputShape: [28, 28] }, 'inputShape'],
    [{ latentDim: 0 }, 'latentDim'],
    [{ examples: { file: 'examples.bin', count: 3, labels: [0, 1] } }, 'examples.labels'],
    [
      { anomaly: { quantiles: { p50: 5, p90: 4, p95: 6, p99: 7 }, mean: 1, std: 1 } },
      'anomaly.quantiles',
    ],
    [
      { anomaly: { quantiles: { p50: 1, p90: 2, p95: 3 }, mean: 1, std: 1 } },
      'anomaly.quantiles.p99',
    ],
    [{ codebook: { numCodes: 3, usage: [1, 2] } }, 'codebook.usage'],
  ])('refuses %j, naming %s and the file', (patch, field) => {
    const error = failure({ ...valid(), ...patch });
    expect(error).toBeInstanceOf(EvaluationError);
    expect(error.code).toBe('EVAL_BAD_EXPORT');
    expect(error.message).toContain(`${field} must be`);
    expect(error.message).toContain('https://x/web/export.json');
    expect(error.message).toContain("Re-create the folder with 'ae export'.");
  });

  it('names the field, the value and what is expected in one sentence', () => {
    expect(failure({ ...valid(), latentDim: 0 }).message).toBe(
      "https://x/web/export.json: latentDim must be an integer ≥ 1, got 0. Re-create the folder with 'ae export'.",
    );
    expect(failure({ ...valid(), formatVersion: 2 }).message).toContain(
      `formatVersion must be at most ${EXPORT_FORMAT_VERSION} (update the page), got 2.`,
    );
    expect(
      failure({ ...valid(), anomaly: { ...valid().anomaly, score: 'bce' } }).message,
    ).toContain(
      'anomaly.score must be "squared-error" (the only score of this version), got "bce".',
    );
  });

  it('refuses a value that is not an object', () => {
    expect(failure([1, 2]).code).toBe('EVAL_BAD_EXPORT');
    expect(failure(null).message).toContain('the file must be an object, got null.');
  });
});

describe('exportJsonText', () => {
  it('keeps number arrays on one line and parses back to the same value', () => {
    const json = valid() as ExportJson;
    const text = exportJsonText(json);
    expect(text).toContain('"labels": [0, 1, 1]');
    expect(text).toContain('"inputShape": [28, 28, 1]');
    expect(text).toContain('"usage": [3, 0]');
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(json);
    expect(parseExportJson(JSON.parse(text), 'export.json')).toEqual(json);
  });

  it('keeps numbers in exponent form intact', () => {
    const json = { ...valid(), anomaly: { ...valid().anomaly, std: 2e-7 } } as ExportJson;
    const usage = { numCodes: 3, usage: [1.5e-8, 2, 3] };
    const text = exportJsonText({ ...json, codebook: usage });
    expect(text).toContain('"usage": [1.5e-8, 2, 3]');
    expect(JSON.parse(text)).toEqual({ ...json, codebook: usage });
  });
});
