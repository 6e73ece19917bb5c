import { describe, expect, it } from 'vitest';
import { DemoError } from './demo-error.js';
import { parseExportJson } from './export-format.js';

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

function failure(value: unknown): DemoError {
  try {
    parseExportJson(value, 'https://x/web/export.json');
  } catch (error) {
    return error as DemoError;
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
    expect(error).toBeInstanceOf(DemoError);
    expect(error.code).toBe('EXPORT_BAD_FORMAT');
    expect(error.message).toContain(`${field} must be`);
    expect(error.message).toContain('https://x/web/export.json');
  });

  it('refuses a value that is not an object', () => {
    expect(failure([1, 2]).code).toBe('EXPORT_BAD_FORMAT');
  });
});
