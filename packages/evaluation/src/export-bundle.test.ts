import { subset } from '@ae/datasets';
import { Autoencoder, ConditionalVAE, VAE } from '@ae/vae';
import { describe, expect, it } from 'vitest';
import {
  denseVq,
  expectNoLeak,
  expectRejects,
  recountCodes,
  squaredErrors64,
  TINY_SHAPE,
  tinyData,
} from './evaluation.test-helpers.js';
import { EvaluationError } from './evaluation-error.js';
import { buildExportBundle, toBytes } from './export-bundle.js';
import { EXPORT_FORMAT_VERSION, exportJsonText, parseExportJson } from './export-json.js';

const shape = [...TINY_SHAPE];
const createdAt = new Date('2025-06-01T12:00:00.000Z');

/** Type-7 quantile of float64 values, written out independently of stats.ts. */
function q7(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const at = q * (s.length - 1);
  const lo = Math.floor(at);
  return (
    (s[lo] as number) +
    (at - lo) * ((s[Math.min(lo + 1, s.length - 1)] as number) - (s[lo] as number))
  );
}

const vq = () => denseVq(5);

describe('buildExportBundle', () => {
  it('records the model, scores the validation set and stores the examples as bytes', async () => {
    const ae = new Autoencoder({ inputShape: shape, latentDim: 3, hidden: [8], seed: 1 });
    const validation = { ...tinyData(12, 1, 3), classNames: ['a', 'b', 'c'] };
    const examples = subset(validation, [0, 4, 5]);
    const bundle = await buildExportBundle(ae, {
      validation,
      examples,
      modelName: 'ae',
      createdAt,
    });
    // The anomaly block from a float64 recomputation of Σ (x − x̂)² per validation example.
    const errors = await squaredErrors64(ae, validation);
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    const std = Math.sqrt(errors.reduce((a, e) => a + (e - mean) ** 2, 0) / errors.length);
    const { anomaly, ...rest } = bundle.json;
    expect(rest).toEqual({
      format: 'ae-export',
      formatVersion: EXPORT_FORMAT_VERSION,
      family: 'ae',
      model: 'ae',
      latentDim: 3,
      inputShape: [4, 4, 1],
      numClasses: 0,
      classNames: ['a', 'b', 'c'],
      hasPrior: false,
      examples: { file: 'examples.bin', count: 3, labels: [0, 1, 2] },
      createdAt: '2025-06-01T12:00:00.000Z',
    });
    expect(anomaly.score).toBe('squared-error');
    const quantiles = [0.5, 0.9, 0.95, 0.99].map((q) => q7(errors, q));
    Object.values(anomaly.quantiles).forEach((v, i) => {
      expect(v).toBeCloseTo(quantiles[i] as number, 4);
    });
    expect(anomaly.mean).toBeCloseTo(mean, 4);
    expect(anomaly.std).toBeCloseTo(std, 4);
    // Bytes: round(x · 255) of the three examples, in order.
    expect(bundle.examples.length).toBe(3 * 16);
    expect(bundle.examples[16]).toBe(Math.round((validation.x[4 * 16] as number) * 255));
    expect(bundle.fittedPrior).toBe(false);
    // What the demo reads back is what was built.
    expect(parseExportJson(JSON.parse(exportJsonText(bundle.json)), 'export.json')).toEqual(
      bundle.json,
    );
    ae.dispose();
  });

  it('a model with a prior says so; a conditional one records its classes', async () => {
    const vae = new VAE({ inputShape: shape, latentDim: 2, hidden: [8], seed: 2 });
    const cvae = new ConditionalVAE({
      inputShape: shape,
      latentDim: 2,
      hidden: [8],
      numClasses: 2,
      seed: 2,
    });
    const validation = tinyData(6, 2, 2);
    expect((await buildExportBundle(vae, { validation, fitPrior: true })).json).toMatchObject({
      hasPrior: true,
      model: 'vae',
      numClasses: 0,
    });
    const c = await buildExportBundle(cvae, { validation, classNames: ['zero', 'one'] });
    expect(c.json).toMatchObject({ hasPrior: true, numClasses: 2, classNames: ['zero', 'one'] });
    expect(c.json.codebook).toBeUndefined();
    vae.dispose();
    cvae.dispose();
  });

  it('fits a codebook model’s prior when asked and counts the codes of the examples', async () => {
    const model = vq();
    const train = tinyData(20, 3);
    const validation = tinyData(8, 4);
    const without = await buildExportBundle(model, { validation, train });
    expect([without.json.hasPrior, without.fittedPrior]).toEqual([false, false]);
    const fitted = await buildExportBundle(model, { validation, train, fitPrior: true });
    expect([fitted.json.hasPrior, fitted.fittedPrior]).toEqual([true, true]);
    expect(model.prior).not.toBeNull();
    // A prior that is already there is kept.
    const again = await buildExportBundle(model, { validation, train, fitPrior: true });
    expect([again.json.hasPrior, again.fittedPrior]).toEqual([true, false]);
    // Usage: a recount of the code indices of the examples (here all of validation).
    const usage = await recountCodes(model, validation);
    expect(fitted.json.codebook).toEqual({ numCodes: 5, usage });
    model.dispose();
  });

  it('leaks no tensor, prior fitting included', async () => {
    const model = vq();
    const train = tinyData(10, 5);
    const validation = tinyData(6, 6);
    await expectNoLeak(async () => {
      model.prior = null;
      await buildExportBundle(model, { validation, train, fitPrior: true, batchSize: 4 });
    });
    model.dispose();
  });

  it('refuses models of non-image data, mismatched examples and fitPrior without train', async () => {
    const rows = new Autoencoder({ inputShape: [16], latentDim: 2, hidden: [8], seed: 1 });
    const validation = tinyData(4, 7);
    const bad = (run: () => Promise<unknown>, text: string) =>
      expectRejects(run, EvaluationError, text);
    await bad(
      () => buildExportBundle(rows, { validation }),
      'buildExportBundle: an export bundle holds images, but the model takes examples of shape [16]',
    );
    const model = vq();
    const other = { ...tinyData(2, 8), shape: [2, 2, 1] as const, x: new Float32Array(8) };
    await bad(
      () => buildExportBundle(model, { validation, examples: other }),
      'options.examples holds images of 2×2×1, but the model takes 4×4×1',
    );
    await bad(
      () => buildExportBundle(model, { validation, fitPrior: true }),
      'fitPrior needs options.train',
    );
    await bad(() => buildExportBundle(model, { validation, batchSize: 0 }), 'batchSize must be');
    rows.dispose();
    model.dispose();
  });
});

describe('toBytes', () => {
  it('rounds x · 255 and clamps to 0 … 255', () => {
    expect(Array.from(toBytes(new Float32Array([0, 1, 0.5, 0.2, -0.3, 1.7])))).toEqual([
      0, 255, 128, 51, 0, 255,
    ]);
  });
});
